//go:build !unix

package opinion

import (
	"io"
	"os"
)

// mapFile reads a file's size bytes into memory.
func mapFile(f *os.File, size int64) (data []byte, release func(), err error) {
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, nil, err
	}
	return b, func() {}, nil
}
