// Package chart draws small charts as server-rendered SVG for pages that
// work without JavaScript: horizontal bars ([Bars]), vertical columns with
// short labels ([Columns]), stacked bars ([Stacked]), shares of a whole
// such as a reporting rate ([Progress]), a rows × columns heat map
// ([HeatMap]) and values over time against a baseline and a target
// ([Line]).
//
// Every chart is built from a [Data] table (or a [Series] for [Line]) and
// gives the same numbers three ways: an accessible SVG ([Chart.SVG]:
// role="img" with a <title> and a <desc>, values written beside the marks
// so that colour is never the only carrier), an HTML data table
// ([Chart.Table]: <caption>, <th scope>) and a CSV ([Chart.WriteCSV],
// [ServeCSV]) for a page's ?format=csv. [Chart.Figure] puts the SVG, the
// table and the download link together.
//
// Labels are user text: every one is cleaned of control and bidirectional
// override characters, shortened in the drawing when too long (the full
// text stays in a tooltip and in the table) and escaped. Numbers go through
// [Options.Number], for example a [locale.Printer]'s Number, so that they
// read as the page's language writes them; the CSV keeps plain numbers. A
// chart without data renders an empty state, not a broken drawing.
//
// In right-to-left languages ([Options.RTL]) the drawing is mirrored: labels
// on the right, bars growing leftwards, the first category and the earliest
// date on the right. The package imports only the standard library.
//
// [locale.Printer]: https://pkg.go.dev/github.com/plenary-org/plenary/internal/locale#Printer
package chart
