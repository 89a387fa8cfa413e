package opinion

func analyzePlenary(m *Matrix, opts Options) (*Result, error) { return analyzePolis(m, opts) }
