// Package opinion finds where a room agrees and where it splits, from
// agree / disagree / pass votes of participants on statements.
//
// It is pure: it takes plain values ([Vote], [Options]) and returns plain
// values ([Result]), with no database and no HTTP, so that the web product,
// the CLI and the benchmarks call the same code.
//
// Two modes share one vote matrix:
//
//   - [ModePolis] reproduces the Pol.is math worker (participant selection,
//     imputation, power-iteration PCA, base and group k-means with a
//     silhouette choice of k, representative statements, consensus,
//     group-informed consensus, priorities) and is checked against Pol.is's
//     own outputs.
//   - [ModePlenary], the default, is deterministic (the same votes in any
//     order give the same result on any machine), has no caps, computes
//     the principal components with a Lanczos solver whose stopping rule
//     bounds the error, allows more than five groups when the data supports
//     it, and reports bootstrap stability next to every group, consensus and
//     representative statement.
//
// The sign convention inside the package is agree = +1, disagree = -1,
// pass = 0. Pol.is's internal convention (agree = -1) is converted at the
// edges (see [FromPolisSign]).
//
// [Conversation] keeps votes between calls, for a caller that analyses a
// growing conversation on every burst of votes.
//
// docs/OPINION.md describes every computation and every difference from Pol.is.
package opinion
