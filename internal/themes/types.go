// Package themes finds the statements that say the same thing across the
// breakout groups of a consultation, in any of the six UN languages. It is
// pure: it takes statements and options and returns themes, with no
// database and no network (except through an [Embedder] that the caller
// configures).
//
// [Compute] is the entry point. Statements are turned into word and
// character n-gram TF-IDF vectors (package textproc does the language
// work); each statement's nearest neighbours are found through an inverted
// index, so cost grows about linearly with the number of statements;
// near-duplicates are found with MinHash. Up to 2,000 statements are
// clustered by average linkage over their exact similarities, precision
// first: a theme is joined only by statements whose mean similarity to it
// is high. Larger sets cluster the neighbour graph with the Louvain method.
// Either way a member that agrees too little with the rest of its theme is
// left out of it (a theme of its own), so that "in N groups" counts only
// statements that say the same thing (Options.Granularity or
// Options.TargetThemes ask for more or fewer themes).
// Passing the previous [Result] keeps theme ids and labels stable, and
// [Edit]s made by people are re-applied after every recomputation.
package themes

// Statement is one input: a recommendation, a conclusion, a good practice.
type Statement struct {
	// ID is the caller's id; it is returned as given. Empty ids are
	// replaced by the statement's 1-based position ("1", "2"...).
	ID   string `json:"id"`
	Text string `json:"text"`
	// Language is an ISO 639-1 code ("ar", "zh", "en", "fr", "ru", "es");
	// detected from the text when empty.
	Language string `json:"language,omitempty"`
	// Group is the breakout group the statement came from.
	Group string `json:"group,omitempty"`
	// Region is the region of the group or of the body.
	Region string `json:"region,omitempty"`
	// Body is the author body (a mechanism, a state, a partner).
	Body string `json:"body,omitempty"`
}

// Options tune [Compute]. The zero value chooses everything itself.
type Options struct {
	// Granularity scales the number of themes when TargetThemes is 0:
	// 1 (or 0) is the default, 2 asks for about twice as many smaller
	// themes, 0.5 for fewer, broader ones.
	Granularity float64 `json:"granularity,omitempty"`
	// TargetThemes asks for this many themes (singletons included) instead
	// of choosing; 0 chooses.
	TargetThemes int `json:"target_themes,omitempty"`
	// MinSimilarity is the lowest similarity that links two statements;
	// 0 means the default for the method (see [DefaultMinSimilarity]).
	MinSimilarity float64 `json:"min_similarity,omitempty"`
	// JoinSimilarity is, for sets of up to 2,000 statements (clustered by
	// average linkage), the lowest mean similarity at which two groups of
	// statements still join one theme; 0 means the default for the method
	// ([DefaultJoinSimilarity], [DefaultEmbeddingJoinSimilarity]).
	// Granularity g raises it to the power 1/√g.
	JoinSimilarity float64 `json:"join_similarity,omitempty"`
	// Neighbors is how many nearest neighbours each statement is linked
	// to at most; 0 means 10.
	Neighbors int `json:"neighbors,omitempty"`
	// Previous is the last result for (mostly) the same statements. Themes
	// that keep most of their members keep their id and label.
	Previous *Result `json:"-"`
	// Edits are the changes people made to earlier results, re-applied in
	// order after clustering.
	Edits []Edit `json:"edits,omitempty"`
	// Embedder, when set, gives the similarities instead of the lexical
	// engine, which remains the fallback when it fails.
	Embedder Embedder `json:"-"`
	// WordVectors, when set (and no Embedder is), adds English word
	// vectors to the similarity that clusters up to 2,000 statements: a
	// pair of English statements is compared on 70% lexical similarity
	// and 30% the cosine of their mean word vectors, centred over the
	// statements ([wordVectorWeight]). The default join is then
	// [DefaultWordVectorJoinSimilarity].
	WordVectors WordVectors `json:"-"`
	// Translator, when set, lets statements in different languages match
	// through English translations of their words (see package dict).
	Translator Translator `json:"-"`
}

// Result is the outcome of [Compute].
type Result struct {
	// Method says where the similarities came from: "lexical",
	// "lexical+dictionaries" or "embedding".
	Method string `json:"method"`
	// Groups and Regions count the distinct groups and regions among the
	// input statements: the M of "in N of M groups".
	Groups  int `json:"groups"`
	Regions int `json:"regions"`
	// Themes are ordered by the number of groups they span, then size.
	Themes []Theme `json:"themes"`
	// Statements gives every input statement's theme, in input order.
	Statements []Assignment `json:"statements"`
	// Links are the pairs of statements found similar, each once (A < B
	// in input order), strongest first per statement.
	Links []Link `json:"links"`
	// Edits reports what became of each edit in Options.Edits.
	Edits []EditOutcome `json:"edits,omitempty"`
	// Warnings say what the engine could not do (an embedder that failed,
	// missing dictionaries); the result is still usable.
	Warnings []string `json:"warnings,omitempty"`
}

// Theme is a set of statements that say the same thing.
type Theme struct {
	// ID is stable across recomputations (see Options.Previous).
	ID string `json:"id"`
	// Label is the most central statement's text, shortened, or the
	// label a person gave (LabelEdited).
	Label       string `json:"label"`
	LabelEdited bool   `json:"label_edited,omitempty"`
	// Terms are the key words of the theme, most telling first.
	Terms []string `json:"terms,omitempty"`
	// Medoid is the id of the most central statement.
	Medoid  string   `json:"medoid"`
	Members []Member `json:"members"`
	// Groups, Regions, Bodies and Languages list the distinct values of
	// the members, sorted.
	Groups    []string `json:"groups,omitempty"`
	Regions   []string `json:"regions,omitempty"`
	Bodies    []string `json:"bodies,omitempty"`
	Languages []string `json:"languages,omitempty"`
	// Cohesion is the mean similarity of the links inside the theme.
	Cohesion float64 `json:"cohesion"`
}

// Member is one statement of a theme.
type Member struct {
	ID string `json:"id"`
	// Similarity is the statement's similarity to the theme: the mean of
	// its links to other members, or its similarity to the medoid.
	Similarity float64 `json:"similarity"`
	// Confidence (0-1) is how sure the engine is that the statement
	// belongs here: the confidence of its strongest link inside the theme
	// (lower for matches across languages), 1 when a person placed it.
	Confidence float64 `json:"confidence"`
	// Pinned is true when a person's edit put the statement here.
	Pinned bool `json:"pinned,omitempty"`
}

// Assignment gives one statement's theme.
type Assignment struct {
	ID       string `json:"id"`
	Theme    string `json:"theme"`
	Language string `json:"language,omitempty"`
	// DuplicateOf is the id of an earlier statement with (nearly) the
	// same text, if any.
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// Link kinds.
const (
	LinkNearDuplicate = "near-duplicate" // same text or light edits (MinHash)
	LinkLexical       = "lexical"        // same language, word and character n-grams
	LinkCrossLanguage = "cross-language" // different languages, through dictionaries
	LinkEmbedding     = "embedding"      // from the configured embedder
)

// Link is a similarity between two statements.
type Link struct {
	A          string  `json:"a"`
	B          string  `json:"b"`
	Similarity float64 `json:"similarity"`
	Confidence float64 `json:"confidence"`
	Kind       string  `json:"kind"`
}

// Edit operations.
const (
	EditMerge  = "merge"  // Themes[1:] merged into Themes[0]
	EditSplit  = "split"  // Statements taken out of their theme into a new theme To
	EditRename = "rename" // Themes[0] labelled Label
	EditMove   = "move"   // Statements moved into theme To (created if absent)
)

// Edit is a change a person made to the themes. Edits name themes by id and
// statements by id, so they survive recomputation. A pinned assignment is
// a move: the statement stays in that theme whatever the similarities say.
type Edit struct {
	Op         string   `json:"op"`
	Themes     []string `json:"themes,omitempty"`
	Statements []string `json:"statements,omitempty"`
	To         string   `json:"to,omitempty"`
	Label      string   `json:"label,omitempty"`
	// By and At record who made the edit and when (RFC 3339); kept as
	// given.
	By string `json:"by,omitempty"`
	At string `json:"at,omitempty"`
}

// EditOutcome says whether an edit could be re-applied.
type EditOutcome struct {
	Edit    Edit   `json:"edit"`
	Applied bool   `json:"applied"`
	Reason  string `json:"reason,omitempty"`
}

// WordVectors gives the unit vector of a lower-case English word, or nil
// for a word it does not know (wordvec.Vectors).
type WordVectors interface {
	Vector(word string) []float32
}
