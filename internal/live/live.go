// Package live runs the votes of breakout groups and plenaries: it takes
// votes on the fast path (permission checked from caches, written with
// group commit), and keeps each conversation's opinion analysis up to date
// in the background, never inside a vote request, for the live views.
//
// A conversation is one breakout group of a meeting, or its plenary. Every
// instance of plenary hears of new votes through the store's events (on
// PostgreSQL, LISTEN/NOTIFY), so the live views of all instances agree.
package live

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/opinion"
	"github.com/plenary-org/plenary/internal/store"
)

// Options tunes a [Service].
type Options struct {
	// Every is the most often a conversation is analysed again while
	// votes arrive; 500 ms when 0. A new vote shows within about twice that
	// plus the analysis time.
	Every time.Duration
	// Idle is how long a conversation nobody watches or votes in stays in
	// memory; 30 minutes when 0.
	Idle time.Duration
	// Writer tunes the group commit of votes.
	Writer store.VoteWriterOptions
	Log    *slog.Logger
}

// Service takes votes and analyses conversations.
type Service struct {
	db   *store.DB
	opt  Options
	w    *store.VoteWriter
	log  *slog.Logger
	stop chan struct{}
	wg   sync.WaitGroup

	mu       sync.RWMutex        // RLock on the vote path, which only reads the caches
	stmts    map[string]stmtInfo // by statement ID
	meetings map[string]meetingInfo
	convs    map[Key]*conv
	unsubs   map[string]func() // store event subscriptions, by meeting
	// flights are the cache loads under way, by "s"+statement or
	// "m"+meeting ID: when a statement appears on the projector, a
	// thousand votes on it arrive at once and one of them reads it.
	flights map[string]*flight
	// gen counts Forget calls: a load that began before one is not cached.
	gen uint64
}

type flight struct {
	done chan struct{}
	val  any
	err  error
}

// Key names a conversation: a meeting's breakout group, or its plenary
// (Group "").
type Key struct {
	Meeting, Group string
}

type stmtInfo struct {
	key    Key
	merged string // the statement it was merged into
	seq    int64
}

type meetingInfo struct {
	process string
	at      time.Time
}

// cacheTTL bounds how long a cached meeting or statement is trusted: a
// merge made on another instance is followed within this time.
const cacheTTL = 5 * time.Second

// New starts a service; Close stops it.
func New(db *store.DB, opt Options) *Service {
	if opt.Every <= 0 {
		opt.Every = 500 * time.Millisecond
	}
	if opt.Idle <= 0 {
		opt.Idle = 30 * time.Minute
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	s := &Service{db: db, opt: opt, log: opt.Log, stop: make(chan struct{}),
		stmts: map[string]stmtInfo{}, meetings: map[string]meetingInfo{}, convs: map[Key]*conv{}, unsubs: map[string]func(){},
		flights: map[string]*flight{}}
	s.w = db.NewVoteWriter(opt.Writer)
	s.wg.Add(1)
	go s.loop()
	return s
}

// Close writes the votes under way and stops the background analysis.
func (s *Service) Close() {
	s.w.Close()
	if st := s.w.Stats(); st.Commits > 0 {
		s.log.Info("votes written", "votes", st.Votes, "commits", st.Commits, "votes_per_commit", st.Votes/st.Commits,
			"busy_ms", st.Busy.Milliseconds(), "ms_per_commit", float64(st.Busy.Microseconds())/1000/float64(st.Commits))
	}
	close(s.stop)
	s.wg.Wait()
	s.mu.Lock()
	for _, u := range s.unsubs {
		u()
	}
	s.unsubs = map[string]func(){}
	s.mu.Unlock()
}

// statement returns what the service needs to know of a statement,
// following merges to the statement that stands.
func (s *Service) statement(ctx context.Context, id string) (string, stmtInfo, error) {
	for range 10 { // merges chain at most this deep
		s.mu.RLock()
		info, ok := s.stmts[id]
		s.mu.RUnlock()
		if !ok {
			v, err := s.load(ctx, "s"+id, func() (any, bool) {
				info, ok := s.stmts[id]
				return info, ok
			}, func(ctx context.Context) (any, error) {
				st, err := s.db.Statement(ctx, id)
				if err != nil {
					return nil, err
				}
				return stmtInfo{key: Key{st.MeetingID, st.GroupID}, merged: st.MergedInto, seq: st.Seq}, nil
			}, func(v any) { s.stmts[id] = v.(stmtInfo) })
			if err != nil {
				return "", stmtInfo{}, err
			}
			info = v.(stmtInfo)
		}
		if info.merged == "" {
			return id, info, nil
		}
		id = info.merged
	}
	return "", stmtInfo{}, domain.NotFound("statement")
}

func (s *Service) process(ctx context.Context, meetingID string) (string, error) {
	s.mu.RLock()
	mi, ok := s.meetings[meetingID]
	s.mu.RUnlock()
	if ok && time.Since(mi.at) < cacheTTL {
		return mi.process, nil
	}
	v, err := s.load(ctx, "m"+meetingID, func() (any, bool) {
		mi, ok := s.meetings[meetingID]
		return mi, ok && time.Since(mi.at) < cacheTTL
	}, func(ctx context.Context) (any, error) {
		m, err := s.db.Meeting(ctx, meetingID)
		if err != nil {
			return nil, err
		}
		return meetingInfo{process: m.ProcessID, at: time.Now()}, nil
	}, func(v any) { s.meetings[meetingID] = v.(meetingInfo) })
	if err != nil {
		return "", err
	}
	return v.(meetingInfo).process, nil
}

// load reads what key names once for all the requests that want it at the
// same time: the first reads it (read), stores it (store, under s.mu,
// unless Forget was called meanwhile), and the others wait for its answer.
// cached looks in the cache again (under s.mu) before anything is read.
func (s *Service) load(ctx context.Context, key string, cached func() (any, bool), read func(context.Context) (any, error), store func(any)) (any, error) {
	s.mu.Lock()
	if v, ok := cached(); ok {
		s.mu.Unlock()
		return v, nil
	}
	if f, ok := s.flights[key]; ok {
		s.mu.Unlock()
		select {
		case <-f.done:
			return f.val, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	s.flights[key] = f
	gen := s.gen
	s.mu.Unlock()
	// Not the caller's context: the others waiting must not fail because
	// the first one's client went away.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	f.val, f.err = read(rctx)
	cancel()
	s.mu.Lock()
	delete(s.flights, key)
	if f.err == nil && s.gen == gen {
		store(f.val)
	}
	s.mu.Unlock()
	close(f.done)
	return f.val, f.err
}

// Forget drops what the service caches of a statement, after a merge or a
// deletion on this instance.
func (s *Service) Forget(statementIDs ...string) {
	s.mu.Lock()
	for _, id := range statementIDs {
		delete(s.stmts, id)
	}
	s.gen++
	s.mu.Unlock()
}

// Vote records the actor's vote on a statement (on the statement it was
// merged into, if it was) once it is committed. Only members of the
// statement's conversation may vote: others get EFORBIDDEN, or ENOTFOUND
// when they may not even see the meeting.
func (s *Service) Vote(ctx context.Context, a *domain.Actor, statementID string, value int) error {
	if !a.LoggedIn() {
		return domain.Forbidden()
	}
	if !domain.ValidVote(value) {
		return domain.Invalid("value", "error.vote_value", "vote agree (1), disagree (-1) or pass (0)")
	}
	id, info, err := s.statement(ctx, statementID)
	if err != nil {
		return err
	}
	proc, err := s.process(ctx, info.key.Meeting)
	if err != nil {
		return err
	}
	if !a.CanVote(proc, info.key.Meeting, info.key.Group) {
		if !a.CanViewMeeting(proc, info.key.Meeting) {
			return domain.NotFound("statement")
		}
		return domain.Forbidden()
	}
	err = s.w.Vote(ctx, domain.Vote{StatementID: id, UserID: a.User.ID, Value: value, MeetingID: info.key.Meeting, GroupID: info.key.Group})
	if errors.Is(err, store.ErrVoteWriterClosed) {
		return domain.Errorf(domain.EUNAVAILABLE, "error.unavailable", "the server is shutting down; vote again in a moment")
	}
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		s.Forget(statementID, id)
	}
	return err
}

// WriterStats tells what the group commit has done so far.
func (s *Service) WriterStats() store.VoteWriterStats { return s.w.Stats() }

// Snapshot is a conversation's latest analysis.
type Snapshot struct {
	Key Key
	// Seq counts the analyses of this conversation on this instance.
	Seq uint64
	At  time.Time
	// Statements are the conversation's statements that stand (merged
	// ones left out), oldest first.
	Statements []*domain.Statement
	// Totals by statement ID.
	Totals map[string]store.VoteTotals
	// Participants is the number of people who voted; Votes the number of
	// votes that count.
	Participants, Votes int
	// Parts holds the same two counts for each part of the meeting the
	// group's statements belong to, by part ID (a group works on several
	// parts, and a part's plenary counts only its own). Statements of no
	// part belong to every part: they count in each, and alone under "".
	// ForPart reads it.
	Parts map[string]Counts
	// Result is the opinion analysis, nil until there are votes.
	Result *opinion.Result
	// StatementIDs maps the analysis's statement numbers to statement IDs.
	StatementIDs map[int64]string
	// partSet holds the parts the conversation's statements belong to
	// (statements of no part left out); scoped the analyses of one part's
	// votes alone, made when the conversation's votes are not all the
	// part's (see [Snapshot.PartResult]).
	partSet map[string]bool
	scoped  map[string]*opinion.Result
}

// PartResult is the opinion analysis of one part's votes: those on its
// statements and on statements of no part. It is the whole conversation's
// when all its statements are the part's (or of no part), the analysis
// of the votes on statements of no part for a part the group wrote
// nothing in, and nil when no vote counts in the part. Figures of how
// sure an analysis is belong to the votes it was made of: a part's view
// reads them here, never from [Snapshot.Result] when the group worked on
// other parts too.
func (s *Snapshot) PartResult(part string) *opinion.Result {
	if s == nil {
		return nil
	}
	if r, ok := s.scoped[part]; ok {
		return r
	}
	if len(s.partSet) == 0 || s.partSet[part] {
		return s.Result
	}
	return nil
}

// Counts are how many people voted and how many votes count.
type Counts struct{ Participants, Votes int }

// ForPart returns the counts of one part: its statements' and those of
// no part.
func (s *Snapshot) ForPart(part string) Counts {
	if s == nil {
		return Counts{}
	}
	if c, ok := s.Parts[part]; ok {
		return c
	}
	return s.Parts[""]
}

type conv struct {
	key     Key
	mu      sync.Mutex
	oc      *opinion.Conversation
	users   map[string]int64
	byPart  map[string]map[int64]bool // participants who voted on a part's statements
	lastSeq int64                     // the reading to continue from (store.DB.ConversationVotesAfter)
	// cells are the votes read, by statement and participant, and totals
	// their counts by statement: kept as votes are read, so that an
	// analysis reads the votes that changed, not every vote.
	cells   map[cell]int8
	totals  map[string]store.VoteTotals
	dirty   bool
	seen    time.Time // last vote or watcher
	snap    *Snapshot
	seq     uint64
	subs    map[chan *Snapshot]struct{}
	running bool
	info    []opinion.StatementInfo // merged statements, left out
	// scoped are the analyses of one part's votes alone (its statements'
	// and those of no part; "" for statements of no part only), kept when
	// the conversation's statements belong to several parts.
	scoped map[string]*opinion.Conversation
	// reset asks the next analysis to start again from every vote: a
	// merge moved votes between statements without new vote times.
	reset bool
}

// cell is a vote's place: a statement and a participant.
type cell struct {
	statement string
	user      int64
}

// tally moves a statement's totals from a vote's old value (when had) to
// its new one.
func tally(t map[string]store.VoteTotals, statement string, old int8, had bool, v int8) {
	tt := t[statement]
	for _, d := range []struct {
		v     int8
		delta int
		on    bool
	}{{old, -1, had}, {v, 1, true}} {
		if !d.on {
			continue
		}
		switch d.v {
		case domain.Agree:
			tt.Agree += d.delta
		case domain.Disagree:
			tt.Disagree += d.delta
		default:
			tt.Pass += d.delta
		}
	}
	t[statement] = tt
}

func (s *Service) conv(k Key) *conv {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.convs[k]
	if !ok {
		c = &conv{key: k, oc: opinion.NewConversation(opinion.Options{Mode: opinion.ModePlenary, Seed: 1}), users: map[string]int64{}, byPart: map[string]map[int64]bool{}, lastSeq: -1, cells: map[cell]int8{}, totals: map[string]store.VoteTotals{}, dirty: true, subs: map[chan *Snapshot]struct{}{}}
		s.convs[k] = c
		if _, ok := s.unsubs[k.Meeting]; !ok {
			ch, cancel := s.db.Subscribe(k.Meeting)
			done := make(chan struct{})
			s.unsubs[k.Meeting] = func() { cancel(); close(done) }
			s.wg.Add(1)
			go s.listen(ch, done)
		}
	}
	c.seen = time.Now()
	return c
}

// listen marks conversations dirty as their meeting's vote events arrive.
func (s *Service) listen(ch <-chan store.Event, done chan struct{}) {
	defer s.wg.Done()
	for {
		select {
		case <-done:
			return
		case <-s.stop:
			return
		case e := <-ch:
			if e.Action != store.VoteAction {
				if e.ObjectType == "statement" && (e.Action == store.MergeAction || e.Action == store.UnmergeAction) {
					s.Merged(e.MeetingID, e.ObjectID)
				} else if e.ObjectType == "statement" {
					s.Forget(e.ObjectID)
					s.markDirty(Key{e.MeetingID, ""}, true)
				}
				continue
			}
			s.markDirty(Key{e.MeetingID, e.ObjectID}, false)
		}
	}
}

// markDirty asks for a new analysis of k (of every conversation of k's
// meeting when all is set).
func (s *Service) markDirty(k Key, all bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ck, c := range s.convs {
		if ck == k || (all && ck.Meeting == k.Meeting) {
			c.mu.Lock()
			c.dirty = true
			c.seen = time.Now()
			c.mu.Unlock()
		}
	}
}

// Watch returns a conversation's snapshots as they are made, starting with
// the current one, and a function that stops watching. A watcher that does
// not keep up only misses intermediate snapshots.
func (s *Service) Watch(k Key) (<-chan *Snapshot, func()) {
	c := s.conv(k)
	ch := make(chan *Snapshot, 1)
	c.mu.Lock()
	c.subs[ch] = struct{}{}
	if c.snap != nil {
		ch <- c.snap
	}
	c.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			c.mu.Lock()
			delete(c.subs, ch)
			c.mu.Unlock()
		})
	}
}

// Current returns a conversation's snapshot, analysing it now if it has
// none yet or votes came since.
func (s *Service) Current(ctx context.Context, k Key) (*Snapshot, error) {
	c := s.conv(k)
	c.mu.Lock()
	snap, dirty := c.snap, c.dirty
	c.mu.Unlock()
	if snap != nil && !dirty {
		return snap, nil
	}
	return s.analyse(ctx, c)
}

func (s *Service) loop() {
	defer s.wg.Done()
	t := time.NewTicker(s.opt.Every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		s.mu.Lock()
		var todo []*conv
		for k, c := range s.convs {
			c.mu.Lock()
			idle := time.Since(c.seen) > s.opt.Idle && len(c.subs) == 0
			if c.dirty && !c.running {
				todo = append(todo, c)
			}
			c.mu.Unlock()
			if idle {
				delete(s.convs, k)
			}
		}
		s.mu.Unlock()
		for _, c := range todo {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if _, err := s.analyse(ctx, c); err != nil {
				s.log.Warn("live analysis failed", "meeting", c.key.Meeting, "group", c.key.Group, "err", err)
			}
			cancel()
		}
	}
}

// analyse reads the votes that came since the last analysis and analyses
// the conversation again; watchers get the new snapshot.
func (s *Service) analyse(ctx context.Context, c *conv) (*Snapshot, error) {
	c.mu.Lock()
	if c.running {
		snap := c.snap
		c.mu.Unlock()
		if snap != nil {
			return snap, nil
		}
		c.mu.Lock()
	}
	c.running = true
	c.dirty = false
	if c.reset {
		c.reset = false
		c.oc = opinion.NewConversation(opinion.Options{Mode: opinion.ModePlenary, Seed: 1})
		c.users, c.byPart, c.lastSeq, c.info, c.scoped = map[string]int64{}, map[string]map[int64]bool{}, -1, nil, nil
		c.cells, c.totals = map[cell]int8{}, map[string]store.VoteTotals{}
	}
	oc := c.oc
	after := c.lastSeq
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.running = false
		c.mu.Unlock()
	}()

	sts, err := s.db.Statements(ctx, c.key.Meeting, c.key.Group, "")
	if err != nil {
		return nil, s.redo(c, err)
	}
	// The parts the statements belong to say which analyses of one part
	// are needed; one begun now reads every vote.
	partSet, scopes := scopesOf(sts)
	c.mu.Lock()
	for _, k := range scopes {
		if c.scoped[k] == nil {
			after = -1
		}
	}
	c.mu.Unlock()
	votes, last, err := s.db.ConversationVotesAfter(ctx, c.key.Meeting, c.key.Group, after)
	if err != nil {
		return nil, s.redo(c, err)
	}
	totals := make(map[string]store.VoteTotals, len(sts))
	ids := make(map[string]int64, len(sts))
	partOf := make(map[string]string, len(sts))
	snap := &Snapshot{Key: c.key, At: time.Now(), Totals: totals, StatementIDs: make(map[int64]string, len(sts)), Parts: map[string]Counts{},
		partSet: partSet, scoped: map[string]*opinion.Result{}}
	var info []opinion.StatementInfo
	for _, st := range sts {
		ids[st.ID] = st.Seq
		partOf[st.ID] = st.PartID
		snap.StatementIDs[st.Seq] = st.ID
		if st.MergedInto == "" {
			snap.Statements = append(snap.Statements, st)
		} else {
			info = append(info, opinion.StatementInfo{ID: st.Seq, Moderation: opinion.ModeratedOut})
		}
	}
	c.mu.Lock()
	if c.scoped == nil {
		c.scoped = map[string]*opinion.Conversation{}
	}
	scoped := make(map[string]*opinion.Conversation, len(scopes))
	scopedVotes := make(map[string][]opinion.Vote, len(scopes))
	for _, k := range scopes {
		if c.scoped[k] == nil {
			c.scoped[k] = opinion.NewConversation(opinion.Options{Mode: opinion.ModePlenary, Seed: 1, Statements: c.info})
		}
		scoped[k] = c.scoped[k]
	}
	ov := make([]opinion.Vote, 0, len(votes))
	for _, v := range votes {
		p, ok := c.users[v.UserID]
		if !ok {
			p = int64(len(c.users) + 1)
			c.users[v.UserID] = p
		}
		k := cell{v.StatementID, p}
		old, had := c.cells[k]
		c.cells[k] = int8(v.Value)
		tally(c.totals, v.StatementID, old, had, int8(v.Value))
		seq, ok := ids[v.StatementID]
		if !ok {
			continue
		}
		part := partOf[v.StatementID]
		if c.byPart[part] == nil {
			c.byPart[part] = map[int64]bool{}
		}
		c.byPart[part][p] = true
		vote := opinion.Vote{Participant: p, Statement: seq, Value: int8(v.Value), Time: v.At.UnixMilli()}
		ov = append(ov, vote)
		for k := range scoped {
			if k == part || k != "" && part == "" {
				scopedVotes[k] = append(scopedVotes[k], vote)
			}
		}
	}
	c.lastSeq = max(c.lastSeq, last)
	for _, st := range sts {
		if t, ok := c.totals[st.ID]; ok && t != (store.VoteTotals{}) {
			totals[st.ID] = t
		}
	}
	snap.Totals = totals
	if !slices.Equal(info, c.info) {
		c.info = info
		oc.SetOptions(opinion.Options{Mode: opinion.ModePlenary, Seed: 1, Statements: info})
		for _, soc := range c.scoped {
			soc.SetOptions(opinion.Options{Mode: opinion.ModePlenary, Seed: 1, Statements: info})
		}
	}
	c.mu.Unlock()
	if err := oc.Add(ov...); err != nil {
		return nil, err
	}
	res, err := oc.Result()
	if err != nil && !errors.Is(err, opinion.ErrNoVotes) {
		return nil, err
	}
	snap.Result = res
	for k, soc := range scoped {
		if err := soc.Add(scopedVotes[k]...); err != nil {
			return nil, err
		}
		r, err := soc.Result()
		if err != nil && !errors.Is(err, opinion.ErrNoVotes) {
			return nil, err
		}
		snap.scoped[k] = r
	}
	votesOf := map[string]int{}
	for id, t := range totals {
		n := t.Agree + t.Disagree + t.Pass
		snap.Votes += n
		votesOf[partOf[id]] += n
	}
	c.mu.Lock()
	snap.Participants = len(c.users)
	snap.Parts[""] = Counts{Participants: len(c.byPart[""]), Votes: votesOf[""]}
	for part, users := range c.byPart {
		if part == "" {
			continue
		}
		n := len(users)
		for p := range c.byPart[""] {
			if !users[p] {
				n++
			}
		}
		snap.Parts[part] = Counts{Participants: n, Votes: votesOf[part] + votesOf[""]}
	}
	c.seq++
	snap.Seq = c.seq
	c.snap = snap
	for ch := range c.subs {
		select {
		case <-ch: // drop the snapshot the watcher has not read
		default:
		}
		ch <- snap
	}
	c.mu.Unlock()
	return snap, nil
}

// scopesOf returns the parts statements belong to (of no part left out)
// and the parts whose votes need an analysis of their own: every part
// when there are several, and "" (the statements of no part, which alone
// count in a part the group wrote nothing in) when there are statements
// of no part beside those of a part. With one part only, its analysis is
// the whole conversation's.
func scopesOf(sts []*domain.Statement) (map[string]bool, []string) {
	set := map[string]bool{}
	none := false
	for _, st := range sts {
		if st.PartID == "" {
			none = true
		} else {
			set[st.PartID] = true
		}
	}
	var scopes []string
	if len(set) > 1 {
		for p := range set {
			scopes = append(scopes, p)
		}
		slices.Sort(scopes)
	}
	if len(set) > 0 && none {
		scopes = append(scopes, "")
	}
	return set, scopes
}

// redo marks c dirty again after a failed analysis.
func (s *Service) redo(c *conv, err error) error {
	c.mu.Lock()
	c.dirty = true
	c.mu.Unlock()
	return err
}

// Conversations returns the keys of the conversations in memory, sorted.
func (s *Service) Conversations() []Key {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Key, 0, len(s.convs))
	for k := range s.convs {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b Key) int {
		if a.Meeting != b.Meeting {
			if a.Meeting < b.Meeting {
				return -1
			}
			return 1
		}
		if a.Group < b.Group {
			return -1
		}
		if a.Group > b.Group {
			return 1
		}
		return 0
	})
	return out
}
