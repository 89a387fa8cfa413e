package textproc

import (
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"case and width", "ＭＩＧＲＡＴＩＯＮ Data", "migration data"},
		{"arabic diacritics and alef", "الْهِجْرَةُ أمان", "الهجره امان"},
		{"russian yo", "Ёлка", "елка"},
		{"quotes", "l’eau", "l'eau"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Normalize(tc.in); got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Improve the collection and sharing of migration data between states.", English},
		{"Améliorer la collecte des données sur les migrations.", French},
		{"Mejorar la recopilación de datos sobre migración y compartirlos.", Spanish},
		{"Улучшить сбор данных о миграции.", Russian},
		{"改善各国之间移民数据的收集和共享。", Chinese},
		{"تحسين جمع البيانات المتعلقة بالهجرة وتبادلها بين الدول.", Arabic},
		{"Die Erhebung von Migrationsdaten zwischen den Staaten verbessern und austauschen.", "de"},
		{"移民データの収集を改善する。", "ja"},
		{"12345 !!", ""},
	}
	for _, tc := range tests {
		t.Run(tc.want+"/"+tc.text[:8], func(t *testing.T) {
			if got := Detect(tc.text); got != tc.want {
				t.Errorf("Detect(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func stems(toks []Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, t.Stem)
	}
	return out
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, text, lang string
		want             []string
	}{
		{"english stems and stop words", "The workers are protected by the states", English, []string{"worker", "protect", "state"}},
		{"french elision", "L'amélioration des données", French, []string{"amélior", "don"}},
		{"spanish", "Los trabajadores migrantes", Spanish, []string{"trabaj", "migrant"}},
		{"russian", "Защита трудящихся мигрантов", Russian, []string{"защит", "трудя", "мигрант"}},
		{"chinese bigrams without stop words", "保护移民的权利", Chinese, []string{"保护", "护移", "移民", "民的", "的权", "权利"}},
		{"arabic", "حماية العمال المهاجرين", Arabic, []string{"حما", "عمال", "مهاجر"}},
		{"english name in russian text", "Программа UNICEF", Russian, []string{"программ", "unicef"}},
		{"other language kept whole", "Schutz der Arbeitnehmer", "de", []string{"schutz", "der", "arbeitnehmer"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := stems(Tokens(tc.text, tc.lang)); !slices.Equal(got, tc.want) {
				t.Errorf("Tokens(%q) stems = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestSegment(t *testing.T) {
	if got := Segment("国际移民"); !slices.Equal(got, []string{"国际", "际移", "移民"}) {
		t.Errorf("Segment = %q", got)
	}
	if got := Segment("民"); !slices.Equal(got, []string{"民"}) {
		t.Errorf("Segment one char = %q", got)
	}
}

func TestWords(t *testing.T) {
	got := Words("data-sharing, 2030 agenda; 移民data")
	want := []string{"data", "sharing", "2030", "agenda", "移民", "data"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Protect workers", "l'eau", "移民数据", "الهجرة", "Ёлка", "\u0301x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s, "") {
			if tok.Stem == "" || tok.Surface == "" {
				t.Fatalf("empty token from %q", s)
			}
		}
	})
}
