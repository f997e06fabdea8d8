package model

import mg "github.com/mineralgraph/mineralgraph"

// Change is the payload of a curator's write: the id of the record written (the payload's
// record field loads it) and the audit record, nil when nothing changed.
type Change struct {
	RecordID string
	Audit    *mg.AuditRecord
}
