// Package contribio imports and exports contributions as CSV, XLSX and
// JSON, in one column layout for the three formats (see [Columns] and
// docs/IMPORT-EXPORT.md), and writes the template a secretariat fills in.
//
// Reading checks every row before anything is stored: cells are parsed,
// references (meeting, body, author, guiding question, framework codes)
// are resolved through a [Resolver] (a *store.DB is one) and each
// contribution is validated as the store would. Problems come back as
// [CellErrors], numbered as the user sees the file (the header is row 1),
// with a catalogue key so that pages, the API and the command line show
// them in the user's language. Who may import or export is the caller's
// decision.
//
// A typical import:
//
//	rows, problems, err := contribio.Read(ctx, contribio.XLSX, file, db, contribio.Options{MeetingID: m.ID})
//	if err != nil {
//		return err // the database failed, not the file
//	}
//	if len(problems) > 0 && !validOnly {
//		return problems // nothing is imported
//	}
//	if err := contribio.Create(ctx, db, rows); err != nil {
//		return err // CellErrors when the store refused a row
//	}
//
// and an export:
//
//	err := contribio.Write(ctx, w, contribio.CSV, contributions, db)
//
// Versions and attachments are not part of the format.
package contribio
