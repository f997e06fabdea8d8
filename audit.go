package mineralgraph

import (
	"encoding/json"
	"reflect"
	"sort"
	"time"
)

// RecordType names the kinds of record curators write.
type RecordType string

// The records a curator may add or correct.
const (
	RecordSource    RecordType = "SOURCE"
	RecordFacility  RecordType = "FACILITY"
	RecordPolicy    RecordType = "POLICY"
	RecordShare     RecordType = "SHARE"
	RecordTradeLink RecordType = "TRADE_LINK"
)

// AuditAction says what a write did to its record.
type AuditAction string

// The actions an audit record reports. A write that finds the record as it is writes nothing
// and leaves no audit record.
const (
	AuditCreated AuditAction = "CREATED"
	AuditUpdated AuditAction = "UPDATED"
)

// AuditRecord is the trace a curator's write leaves in the graph, in the same transaction as
// the write: who, when, which record, and its values before and after. Values are the
// record's stored properties and its links, keyed by property name or by relationship type
// ("PRODUCES": the mineral ids a facility produces).
type AuditRecord struct {
	ID         string
	At         time.Time
	Actor      string // the API key's name
	Action     AuditAction
	RecordType RecordType
	RecordID   string
	Before     map[string]any // nil when the record was created
	After      map[string]any
}

// FieldChange is one field that a write changed, with its values as JSON (null when absent).
type FieldChange struct {
	Field  string
	Before string
	After  string
}

// Changes lists the fields whose values differ between Before and After, by field name.
func (a AuditRecord) Changes() []FieldChange {
	fields := map[string]bool{}
	for k := range a.Before {
		fields[k] = true
	}
	for k := range a.After {
		fields[k] = true
	}
	var out []FieldChange
	for f := range fields {
		b, had := a.Before[f]
		v, has := a.After[f]
		if had == has && reflect.DeepEqual(b, v) {
			continue
		}
		out = append(out, FieldChange{Field: f, Before: jsonOf(b, had), After: jsonOf(v, has)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

func jsonOf(v any, present bool) string {
	if !present {
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// AuditFilter narrows the audit log; zero fields do not filter.
type AuditFilter struct {
	RecordID   string
	RecordType RecordType
	Actor      string
	Since      *time.Time
}
