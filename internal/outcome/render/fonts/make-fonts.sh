#!/usr/bin/env bash
# Makes the fonts the PDF export embeds, from Debian's packages
# fonts-noto-core (20201225-1) and fonts-noto-cjk (1:20220127+repack1-1),
# subset with fonttools' pyftsubset (package fonttools). Run it from this
# folder; gb2312.txt lists the code points of the 6,763 hanzi of GB 2312
# (written by: go run ./gb2312 > gb2312.txt, see gb2312/main.go).
set -euo pipefail
core=/usr/share/fonts/truetype/noto
cjk=/usr/share/fonts/opentype/noto
# Latin with its extensions, Greek, Cyrillic, punctuation and common symbols.
latin="U+0000-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+2215,U+2260,U+2264-2265,U+25CA,U+FB00-FB06,U+FEFF,U+FFFD"
sub() { pyftsubset "$@" --no-hinting --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline --glyph-names; }
for w in Regular Bold; do
  sub "$core/NotoSerif-$w.ttf" --unicodes="$latin" --output-file="NotoSerif-$w.ttf"
  # Arabic, with the Latin digits and punctuation an Arabic text uses.
  sub "$core/NotoNaskhArabic-$w.ttf" --unicodes='*' --output-file="NotoNaskhArabic-$w.ttf"
done
# Simplified Chinese: the hanzi of GB 2312, CJK punctuation, full-width
# forms; face 2 of the collection is Noto Sans CJK SC.
sub "$cjk/NotoSansCJK-Regular.ttc" --font-number=2 --unicodes-file=gb2312.txt \
  --unicodes="U+3000-303F,U+FF00-FFEF,U+2010-2027,U+2030-205E,U+00B7,U+00D7,U+00F7,U+FE10-FE19,U+FE30-FE4F" \
  --output-file=/tmp/NotoSansSC-Regular-GB2312.otf
# Noto Sans CJK has CID-keyed CFF outlines, which the PDF writer cannot
# subset: convert them to TrueType outlines.
python3 otf2ttf.py /tmp/NotoSansSC-Regular-GB2312.otf NotoSansSC-Regular-GB2312.ttf
rm /tmp/NotoSansSC-Regular-GB2312.otf
ls -l ./*.ttf
