package store

import (
	"reflect"
	"testing"
)

// TestDialectsAreComplete checks that both dialects give every difference
// that is a function, so that adding one to a single engine fails here
// rather than on the other engine at run time.
func TestDialectsAreComplete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		d    dialect
	}{
		{"sqlite", sqliteDialect},
		{"postgres", postgresDialect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var check func(prefix string, v reflect.Value)
			check = func(prefix string, v reflect.Value) {
				for i := range v.NumField() {
					f, name := v.Field(i), prefix+v.Type().Field(i).Name
					switch {
					case f.Kind() == reflect.Struct:
						check(name+".", f)
					case f.Kind() == reflect.Func && f.IsNil() && name != "migrationLocker":
						t.Errorf("%s is not set", name)
					}
				}
			}
			check("", reflect.ValueOf(tt.d))
			if tt.d.name == "" || tt.d.voteWriters <= 0 || tt.d.index.table == "" || tt.d.titleOrder == "" || tt.d.columnsQuery == "" {
				t.Errorf("a required value is empty: %+v", tt.d)
			}
		})
	}
}
