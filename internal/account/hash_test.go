package account

import "github.com/plenary-org/plenary/internal/auth"

func hashOf(token string) string { return auth.HashToken(token) }
