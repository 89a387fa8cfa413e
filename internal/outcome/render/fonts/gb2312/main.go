// Command gb2312 prints the hanzi of GB 2312 as code points (U+XXXX, one
// a line), for pyftsubset: "go run ./gb2312 1" the first level (3,755),
// "go run ./gb2312 2" both levels (6,763). See ../make-fonts.sh.
package main

import (
	"fmt"
	"os"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func main() {
	dec := simplifiedchinese.GBK.NewDecoder()
	level := os.Args[1]
	lo, hi := 0xB0, 0xF7
	if level == "1" {
		hi = 0xD7
	}
	n := 0
	for r1 := lo; r1 <= hi; r1++ {
		for r2 := 0xA1; r2 <= 0xFE; r2++ {
			s, err := dec.Bytes([]byte{byte(r1), byte(r2)})
			if err != nil {
				continue
			}
			for _, r := range string(s) {
				if r >= 0x4E00 && r <= 0x9FFF {
					fmt.Printf("U+%04X\n", r)
					n++
				}
			}
		}
	}
	fmt.Fprintln(os.Stderr, n)
}
