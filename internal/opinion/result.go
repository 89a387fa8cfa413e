package opinion

// Mode selects the algorithm.
type Mode string

// Modes.
const (
	// ModePlenary is the product's own mode: deterministic, uncapped,
	// converged PCA, stability by bootstrap. It is the default.
	ModePlenary Mode = "plenary"
	// ModePolis reproduces Pol.is's math worker for comparison.
	ModePolis Mode = "polis"
)

// Moderation is a statement's moderation state, as in Pol.is.
type Moderation int8

// Moderation states.
const (
	ModeratedOut Moderation = -1
	Unmoderated  Moderation = 0
	ModeratedIn  Moderation = 1
)

// StatementInfo carries what the engine needs to know about a statement
// beyond its votes. Statements that are not listed count as accepted.
type StatementInfo struct {
	ID         int64      `json:"id"`
	Moderation Moderation `json:"moderation"`
	// Meta statements (about the participant, not the topic) are left out
	// of the analysis like moderated-out ones, and get a fixed priority.
	Meta bool `json:"meta,omitempty"`
}

// Options tune an analysis. The zero value is the plenary mode with its
// defaults.
type Options struct {
	Mode Mode
	// Statements gives moderation and meta flags.
	Statements []StatementInfo
	// StrictModeration leaves out unmoderated statements too.
	StrictModeration bool
	// MaxGroups caps the number of opinion groups (plenary mode; default
	// 5, as Pol.is; raise it to let the data show more groups).
	MaxGroups int
	// Bootstrap is the number of bootstrap resamples behind the stability
	// figures (plenary mode; default 20, fewer for very large rooms). A
	// negative value turns them off.
	Bootstrap int
	// Seed seeds every pseudo-random choice (plenary mode). The same seed
	// and votes give the same result.
	Seed uint64
	// Polis carries Pol.is's state between updates (parity mode).
	Polis *PolisState

	// warm gives start vectors for the principal components, aligned with
	// the matrix's columns (set by [Conversation]).
	warm [][]float64
	// acc, when set, holds the pair sums of the matrix's votes (set by
	// [Conversation]); the components are then computed from the Gram
	// matrix they give.
	acc *coacc
}

// PolisState is what Pol.is keeps from one update to the next. Pol.is's
// results depend on it; supplying the state Pol.is had reproduces its
// output.
type PolisState struct {
	// InConv lists participants already "in the conversation": once in,
	// always in.
	InConv []int64 `json:"inConv,omitempty"`
	// BaseClusters, when set, are used as they are instead of being
	// computed (to check the later steps against Pol.is's own base clusters).
	BaseClusters []BaseCluster `json:"baseClusters,omitempty"`
	// PCA, when set, gives the start vectors of the power iteration.
	PCA *PCA `json:"pca,omitempty"`
	// PCAIterations caps the power iterations per component (default 100,
	// as Pol.is).
	PCAIterations int `json:"pcaIterations,omitempty"`
}

// Result is the outcome of an analysis. Every slice is in a defined order
// (ids ascending unless said otherwise).
type Result struct {
	Mode Mode `json:"mode"`
	// Participants lists every participant with a vote.
	Participants []ParticipantResult `json:"participants"`
	// Statements lists every statement with a vote.
	Statements []StatementResult `json:"statements"`
	PCA        PCA               `json:"pca"`
	// BaseClusters are the fine clusters that groups are built from.
	BaseClusters []BaseCluster `json:"baseClusters,omitempty"`
	// Groups are the opinion groups, by id.
	Groups []Group `json:"groups"`
	// KScores gives the silhouette of each number of groups tried.
	KScores   []KScore  `json:"kScores"`
	Consensus Consensus `json:"consensus"`
	// Divisive lists the statements on which groups differ most.
	Divisive []DivisiveStatement `json:"divisive"`
	// Stability summarises the bootstrap (plenary mode only).
	Stability *Stability `json:"stability,omitempty"`

	// pcaAll keeps every component computed, for warm starts.
	pcaAll [][]float64
}

// ParticipantResult is one participant's place on the map.
type ParticipantResult struct {
	ID int64   `json:"id"`
	X  float64 `json:"x"`
	Y  float64 `json:"y"`
	// Group is the opinion group id, or -1 for none (not enough votes).
	Group int `json:"group"`
	// InConversation reports whether the participant had enough votes to
	// be clustered.
	InConversation bool `json:"inConversation"`
	Votes          int  `json:"votes"`
}

// StatementResult is one statement's tallies and scores.
type StatementResult struct {
	ID       int64 `json:"id"`
	Excluded bool  `json:"excluded,omitempty"`
	Meta     bool  `json:"meta,omitempty"`
	Agree    int   `json:"agree"`
	Disagree int   `json:"disagree"`
	Pass     int   `json:"pass"`
	// X, Y place the statement on the map (a participant who agrees with
	// it alone); Extremity is the length of that vector.
	X         float64 `json:"x"`
	Y         float64 `json:"y"`
	Extremity float64 `json:"extremity"`
	// GroupInformedConsensus is the product over groups of the smoothed
	// share of agrees.
	GroupInformedConsensus float64 `json:"groupInformedConsensus"`
	// Priority is the routing weight for showing it to a voter next.
	Priority float64 `json:"priority"`
}

// PCA is the principal component analysis of the centred vote matrix.
type PCA struct {
	// Statements aligns Center and the components with statement ids.
	Statements []int64     `json:"statements"`
	Center     []float64   `json:"center"`
	Components [][]float64 `json:"components"`
	// Eigenvalues of the components (of the sum of squares, not divided
	// by the number of participants).
	Eigenvalues []float64 `json:"eigenvalues,omitempty"`
	// Iterations is the number of matrix-vector products used.
	Iterations int `json:"iterations"`
	// Residuals bounds the error of each component: ||A v - lambda v|| /
	// lambda_1 (plenary mode).
	Residuals []float64 `json:"residuals,omitempty"`
	// AngleBounds bounds the sine of the angle between each computed and
	// exact component (Davis-Kahan, from the residual and the gap to the
	// next Ritz value; plenary mode).
	AngleBounds []float64 `json:"angleBounds,omitempty"`
}

// BaseCluster is a fine cluster of participants.
type BaseCluster struct {
	ID      int        `json:"id"`
	Members []int64    `json:"members"`
	Center  [2]float64 `json:"center"`
	// Weight is the number of participants (or their bootstrap weight).
	Weight float64 `json:"weight"`
}

// Group is an opinion group.
type Group struct {
	ID      int        `json:"id"`
	Center  [2]float64 `json:"center"`
	Size    int        `json:"size"`
	Members []int64    `json:"members"`
	// BaseClusters lists the base cluster ids in the group (parity mode).
	BaseClusters []int `json:"baseClusters,omitempty"`
	// Repness lists the statements that represent the group.
	Repness []Repness `json:"repness"`
	// Stability is the mean Jaccard similarity between this group and its
	// best match over bootstrap resamples (plenary mode).
	Stability *float64 `json:"stability,omitempty"`
}

// Direction says whether a statement is representative or consensual by
// agreement or by disagreement.
type Direction string

// Directions.
const (
	DirAgree    Direction = "agree"
	DirDisagree Direction = "disagree"
)

// Repness is a representative statement of a group, with Pol.is's
// statistics: NSuccess of NTrials members voted in Direction; PSuccess is
// the smoothed share and PTest its z-score; Repness is the ratio to the
// other groups and RepnessTest the two-proportion z-score.
type Repness struct {
	Statement   int64     `json:"statement"`
	Direction   Direction `json:"direction"`
	NSuccess    float64   `json:"nSuccess"`
	NTrials     float64   `json:"nTrials"`
	PSuccess    float64   `json:"pSuccess"`
	PTest       float64   `json:"pTest"`
	Repness     float64   `json:"repness"`
	RepnessTest float64   `json:"repnessTest"`
	BestAgree   bool      `json:"bestAgree,omitempty"`
	NAgree      float64   `json:"nAgree,omitempty"`
	// Stability is the share of bootstrap resamples in which the statement
	// is in the group's list with the same direction (plenary mode).
	Stability *float64 `json:"stability,omitempty"`
}

// ConsensusStatement is a statement that the whole room agrees (or
// disagrees) with.
type ConsensusStatement struct {
	Statement int64   `json:"statement"`
	NSuccess  float64 `json:"nSuccess"`
	NTrials   float64 `json:"nTrials"`
	PSuccess  float64 `json:"pSuccess"`
	PTest     float64 `json:"pTest"`
	// Stability is the share of bootstrap resamples in which it is in the
	// same list (plenary mode).
	Stability *float64 `json:"stability,omitempty"`
}

// Consensus lists the whole room's points of agreement and disagreement.
type Consensus struct {
	Agree    []ConsensusStatement `json:"agree"`
	Disagree []ConsensusStatement `json:"disagree"`
}

// DivisiveStatement is a statement on which groups differ: Spread is the
// largest minus the smallest smoothed net agreement over groups.
type DivisiveStatement struct {
	Statement int64     `json:"statement"`
	Spread    float64   `json:"spread"`
	ByGroup   []float64 `json:"byGroup"`
	Stability *float64  `json:"stability,omitempty"`
}

// KScore is the silhouette of a clustering into K groups.
type KScore struct {
	K          int     `json:"k"`
	Silhouette float64 `json:"silhouette"`
}

// Stability summarises the bootstrap.
type Stability struct {
	Resamples int `json:"resamples"`
	// KAgreement is the share of resamples that chose the same number of
	// groups.
	KAgreement float64 `json:"kAgreement"`
	// MeanARI is the mean adjusted Rand index between the groups and the
	// groups found in each resample, over the participants drawn.
	MeanARI float64 `json:"meanARI"`
	// Method says what each resample recomputes.
	Method string `json:"method"`
}
