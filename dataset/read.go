package dataset

// read appends the records of one file of the kind to d.
func (d *Dataset) read(k kind, t *table, orgs *organisations, errs *Errors) {
	for i := range t.rows {
		r := row{t: t, i: i, errs: errs}
		id := k.read(d, r, orgs)
		d.remember(k.name, id, t.file, r.line())
	}
}
