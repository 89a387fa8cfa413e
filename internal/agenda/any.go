package agenda

import (
	"bytes"
	"fmt"

	"github.com/plenary-org/plenary/internal/domain"
)

// MaxSize is the largest agenda ParseAny accepts, in bytes (2 MiB). Readers
// should read at most MaxSize+1 bytes so that a larger agenda is reported as
// one.
const MaxSize = 2 << 20

// ErrTooLarge is returned by ParseAny for an agenda larger than MaxSize. It
// wraps ErrInvalid.
var ErrTooLarge error = tooLarge{}

type tooLarge struct{}

func (tooLarge) Error() string { return fmt.Sprintf("the agenda is larger than %d MB", MaxSize>>20) }
func (tooLarge) Unwrap() error { return ErrInvalid }

// ParseAny reads an uploaded agenda, in Markdown or in JSON, as the pages and
// "plenary import agenda" accept it. It refuses an agenda larger than MaxSize
// (ErrTooLarge) and one that is not UTF-8 text (binary, UTF-16, invalid
// UTF-8 or control characters: the *domain.Error of domain.CheckTextFile,
// which names the line). It skips a UTF-8 byte order mark, then reads a
// document whose first non-blank character is "{" with ParseJSON and any
// other with ParseBytes.
func ParseAny(data []byte) (*Meeting, error) { return parseAny(data, true) }

// ParseTranslation reads an agenda written as another language's version of
// a meeting, as ParseAny does, for plenary import agenda -meeting ID -lang
// LANG. A JSON translation may leave texts empty (not translated yet) and
// its parts' titles need not say "breakout" or "plenary": the meeting's
// structure and kinds are the ones kept (docs/TRANSLATION.md).
func ParseTranslation(data []byte) (*Meeting, error) { return parseAny(data, false) }

func parseAny(data []byte, original bool) (*Meeting, error) {
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	if err := domain.CheckTextFile(data); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		return parseJSON(data, original)
	}
	return ParseBytes(data)
}
