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
