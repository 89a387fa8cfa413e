package auth

import (
	"strings"
	"testing"
)

var fast = Params{Memory: 1024, Time: 1, Threads: 1}

func TestPasswordHashing(t *testing.T) {
	h, err := HashPassword("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string", h)
	}
	h2, _ := HashPassword("correct horse battery", fast)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		name string
		hash string
		pw   string
		want bool
	}{
		{"right password", h, "correct horse battery", true},
		{"wrong password", h, "correct horse batterY", false},
		{"empty hash", "", "x", false},
		{"malformed hash", "$argon2id$v=19$m=1,t=1$x$y", "x", false},
		{"other algorithm", strings.Replace(h, "argon2id", "argon2i", 1), "correct horse battery", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckPassword(tt.hash, tt.pw); got != tt.want {
				t.Fatalf("CheckPassword = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	if ValidatePassword("short") == nil {
		t.Fatal("a 5-character password was accepted")
	}
	if err := ValidatePassword("long enough pass"); err != nil {
		t.Fatal(err)
	}
}

func TestTokens(t *testing.T) {
	a, ah := NewToken()
	b, _ := NewToken()
	if a == b || len(a) < 40 {
		t.Fatalf("tokens %q %q are not long random strings", a, b)
	}
	if HashToken(a) != ah || ah == a {
		t.Fatal("HashToken does not give the stored hash")
	}
}

func FuzzCheckPassword(f *testing.F) {
	h, _ := HashPassword("pw", fast)
	f.Add(h, "pw")
	f.Add("$argon2id$v=19$m=0,t=0,p=0$$", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		if strings.Contains(hash, "m=") && !strings.Contains(hash, "m=1024,") {
			return // arbitrary cost parameters could take minutes
		}
		CheckPassword(hash, pw)
	})
}
