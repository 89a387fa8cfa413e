package live

// Merged tells the service that statements of a meeting were merged, or a
// merge undone: it forgets what it cached of them and analyses every
// conversation of the meeting again from all its votes, since a merge
// moves votes without giving them new times. The store's merge events
// call it on every instance; the instance that merged may call it at once.
func (s *Service) Merged(meetingID string, statementIDs ...string) {
	s.Forget(statementIDs...)
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, c := range s.convs {
		if k.Meeting != meetingID {
			continue
		}
		c.mu.Lock()
		c.reset, c.dirty = true, true
		c.mu.Unlock()
	}
}

// Latest returns a conversation's latest snapshot without analysing it in
// the caller's request: nil when there is none yet, in which case the
// background analysis makes one within Options.Every. Pages that must not
// wait (the voting page) use it; [Service.Current] analyses at once.
func (s *Service) Latest(k Key) *Snapshot {
	c := s.conv(k)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == nil {
		c.dirty = true
	}
	return c.snap
}
