package opinion

import (
	"encoding/binary"
	"os"
	"strconv"
	"testing"
)

// TestWriteSynthBinary writes the benchmark's synthetic votes as int32
// triples (participant, statement, vote) for testdata/sklearn_pipeline.py:
//
//	PLENARY_SYNTH_OUT=/tmp/v.bin PLENARY_SYNTH_SIZE=100k go test -run TestWriteSynthBinary ./internal/opinion
func TestWriteSynthBinary(t *testing.T) {
	out := os.Getenv("PLENARY_SYNTH_OUT")
	if out == "" {
		t.Skip("set PLENARY_SYNTH_OUT to write the benchmark votes for the scikit-learn comparison")
	}
	c := bench100k
	if os.Getenv("PLENARY_SYNTH_SIZE") == "1M" {
		c = bench1M
	}
	votes, _, err := Synthesize(SynthConfig{Participants: c.participants, Statements: c.statements, Groups: 4,
		GroupWeights: []float64{4, 3, 2, 1}, VotesPerParticipant: c.perUser, Noise: 0.2, PassRate: 0.1, Consensus: 0.2, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, len(votes)*12)
	for _, v := range votes {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(v.Participant))
		buf = binary.LittleEndian.AppendUint32(buf, uint32(v.Statement))
		buf = binary.LittleEndian.AppendUint32(buf, uint32(int32(v.Value)))
	}
	if err := os.WriteFile(out, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	if csvOut := os.Getenv("PLENARY_SYNTH_CSV"); csvOut != "" {
		// The same votes as a plain votes CSV, for timing the CLI.
		text := make([]byte, 0, len(votes)*14)
		text = append(text, "participant,statement,vote\n"...)
		for _, v := range votes {
			text = strconv.AppendInt(text, v.Participant, 10)
			text = append(text, ',')
			text = strconv.AppendInt(text, v.Statement, 10)
			text = append(text, ',')
			text = strconv.AppendInt(text, int64(v.Value), 10)
			text = append(text, '\n')
		}
		if err := os.WriteFile(csvOut, text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Log("wrote " + strconv.Itoa(len(votes)) + " votes to " + out)
}
