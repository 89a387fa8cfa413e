package eval

import (
	"math"
	"os"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestSpearman(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64
	}{
		{"monotone", []float64{1, 2, 3, 4}, []float64{10, 20, 30, 1000}, 1},
		{"reversed", []float64{1, 2, 3}, []float64{3, 2, 1}, -1},
		{"ties", []float64{1, 2, 2, 3}, []float64{1, 2, 3, 4}, 0.9486832980505138},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Spearman(tc.x, tc.y); !near(got, tc.want) {
				t.Errorf("Spearman = %v, want %v", got, tc.want)
			}
		})
	}
	if !math.IsNaN(Spearman([]float64{1, 1}, []float64{1, 2})) {
		t.Errorf("constant side: want NaN")
	}
}

func TestClusteringScores(t *testing.T) {
	labels := []string{"a", "a", "b", "b", "c", "c"}
	tests := []struct {
		name     string
		clusters []string
		nmi, acc float64
	}{
		{"same partition, other names", []string{"x", "x", "y", "y", "z", "z"}, 1, 1},
		{"all in one", []string{"x", "x", "x", "x", "x", "x"}, 0, 2.0 / 6},
		{"one misplaced", []string{"x", "x", "y", "y", "z", "y"}, 0.7396673768007592, 5.0 / 6},
		{"all apart", []string{"1", "2", "3", "4", "5", "6"}, 0.7601875334318685, 3.0 / 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NMI(labels, tc.clusters); !near(got, tc.nmi) {
				t.Errorf("NMI = %v, want %v", got, tc.nmi)
			}
			if got := Accuracy(labels, tc.clusters); !near(got, tc.acc) {
				t.Errorf("Accuracy = %v, want %v", got, tc.acc)
			}
		})
	}
}

func TestHungarian(t *testing.T) {
	cost := [][]float64{{4, 1, 3}, {2, 0, 5}, {3, 2, 2}}
	got := hungarian(cost)
	total := 0.0
	for i, j := range got {
		total += cost[i][j]
	}
	if total != 5 {
		t.Errorf("assignment %v costs %v, want 5", got, total)
	}
}

func TestDataDirMissing(t *testing.T) {
	if _, err := DataDir("/"); err != ErrNoData {
		t.Errorf("DataDir(/) err = %v, want ErrNoData", err)
	}
}

func FuzzReadSTSLine(f *testing.F) {
	f.Add("a,b,2.5\n")
	f.Add("\"a,b\",c,x\n")
	f.Fuzz(func(t *testing.T, s string) {
		path := t.TempDir() + "/f.csv"
		if err := writeFile(path, s); err != nil {
			t.Skip()
		}
		pairs, err := ReadSTS(path)
		if err == nil {
			for _, p := range pairs {
				if math.IsNaN(p.Score) && s == "" {
					t.Fatal("NaN score from empty input")
				}
			}
		}
	})
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }
