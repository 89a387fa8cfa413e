package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/geo"
)

const regionCols = `id, name, names, parts, created_at, updated_at, version`

func scanRegion(r scanner) (*domain.Region, error) {
	g := &domain.Region{}
	var names, parts string
	var c, u int64
	if err := r.Scan(&g.ID, &g.Name, &names, &parts, &c, &u, &g.Version); err != nil {
		return nil, err
	}
	g.Parts = strings.Fields(parts)
	g.CreatedAt, g.UpdatedAt = fromMS(c), fromMS(u)
	if err := json.Unmarshal([]byte(names), &g.Names); err != nil || g.Names == nil {
		g.Names = map[string]string{}
	}
	return g, nil
}

// Groupings returns the groupings of countries the processes define, by
// name.
func (db *DB) Groupings(ctx context.Context) ([]*domain.Region, error) {
	rows, err := db.query(ctx, `SELECT `+regionCols+` FROM regions ORDER BY name, id`)
	rs, err := scanAll(rows, err, scanRegion)
	return rs, db.mapErr(err)
}

// Region returns a region: an M49 region of the reference data or a
// grouping; ENOTFOUND otherwise.
func (db *DB) Region(ctx context.Context, id string) (*domain.Region, error) {
	if r := domain.M49Region(id); r != nil {
		return r, nil
	}
	r, err := scanRegion(db.queryRow(ctx, `SELECT `+regionCols+` FROM regions WHERE id = ?`, id))
	if err != nil {
		return nil, db.notFound(err, "region")
	}
	return r, nil
}

// RegionIndex returns the countries behind every region, M49 regions and
// groupings.
func (db *DB) RegionIndex(ctx context.Context) (*domain.RegionIndex, error) {
	gs, err := db.Groupings(ctx)
	if err != nil {
		return nil, err
	}
	return domain.NewRegionIndex(gs), nil
}

func encodeNames(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// SaveGrouping creates a grouping (g.Version 0; its ID is made from its
// name) or saves one read at g.Version (ECONFLICT otherwise); its name
// and names in the other languages become names the region is found
// under. Audited.
func (db *DB) SaveGrouping(ctx context.Context, g *domain.Region) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		now := db.nowMS()
		var before *domain.Region
		if g.Version == 0 {
			g.ID, g.Version, g.CreatedAt = NewID(), 1, fromMS(now)
			if _, err := tx.exec(ctx, `INSERT INTO regions (id, name, names, parts, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)`,
				g.ID, g.Name, encodeNames(g.Names), strings.Join(g.Parts, " "), now, now); err != nil {
				if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
					return domain.Invalid("name", "error.name_taken", "a region with this name exists already")
				}
				return err
			}
		} else {
			var err error
			if before, err = scanRegion(tx.queryRow(ctx, `SELECT `+regionCols+` FROM regions WHERE id = ?`, g.ID)); err != nil {
				return db.notFound(err, "region")
			}
			if before.Version != g.Version {
				return domain.Conflict("this region")
			}
			if _, err := tx.exec(ctx, `UPDATE regions SET name = ?, names = ?, parts = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
				g.Name, encodeNames(g.Names), strings.Join(g.Parts, " "), now, g.ID); err != nil {
				if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
					return domain.Invalid("name", "error.name_taken", "a region with this name exists already")
				}
				return err
			}
			g.Version++
			g.CreatedAt = before.CreatedAt
		}
		g.UpdatedAt = fromMS(now)
		names := []string{g.Name}
		for _, n := range g.Names {
			names = append(names, n)
		}
		for _, n := range names {
			if err := tx.nameRegion(ctx, n, g.ID, false); err != nil {
				return err
			}
		}
		action := "create"
		if before != nil {
			action = "update"
		}
		return tx.audit(ctx, action, "region", g.ID, "", before, g)
	})
}

// nameRegion records that text names the region id; an existing name is
// kept unless replace is set.
func (tx *Tx) nameRegion(ctx context.Context, text, id string, replace bool) error {
	key := regionKey(text)
	if key == "" {
		return nil
	}
	var have string
	err := tx.queryRow(ctx, `SELECT region_id FROM region_names WHERE name_key = ?`, key).Scan(&have)
	switch {
	case err == nil && (have == id || !replace):
		return nil
	case err == nil:
		_, err = tx.exec(ctx, `UPDATE region_names SET region_id = ? WHERE name_key = ?`, id, key)
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO region_names (name_key, region_id) VALUES (?, ?)`, key, id)
	return err
}

func regionKey(text string) string { return strings.ToLower(strings.TrimSpace(text)) }

// regionResolver finds the region a text names.
type regionResolver struct {
	names map[string]string // name key -> region ID
}

// regionResolver reads the names regions are known under.
func (tx *Tx) regionResolver(ctx context.Context) (*regionResolver, error) {
	rows, err := tx.query(ctx, `SELECT name_key, region_id FROM region_names`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	r := &regionResolver{names: map[string]string{}}
	for rows.Next() {
		var k, id string
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		r.names[k] = id
	}
	return r, rows.Err()
}

// id returns the region a text names: a known name (in any case), an
// M49 region's name in one of the six languages or its code; "" when
// none does.
func (r *regionResolver) id(text string) string {
	key := regionKey(text)
	if key == "" {
		return ""
	}
	if id, ok := r.names[key]; ok {
		return id
	}
	if geo.IsRegion(key) {
		return key
	}
	for _, code := range geo.Regions() {
		for _, lang := range geo.Languages {
			if regionKey(geo.RegionName(code, lang)) == key {
				return code
			}
		}
	}
	return ""
}

// regionOf resolves a region given by ID, by text or both: an ID must be
// a known region (EINVALID on field otherwise) and gives the text its
// English name when the text is empty; a text alone is looked up.
func (tx *Tx) regionOf(ctx context.Context, field, id, text string) (string, string, error) {
	text = strings.TrimSpace(text)
	if id != "" {
		r, err := tx.db.regionIn(ctx, tx, id)
		if err != nil {
			return "", "", domain.Invalid(field, "region.error_unknown", "choose one of the regions")
		}
		if text == "" {
			text = r.Name
		}
		return id, text, nil
	}
	res, err := tx.regionResolver(ctx)
	if err != nil {
		return "", "", err
	}
	return res.id(text), text, nil
}

func (db *DB) regionIn(ctx context.Context, tx *Tx, id string) (*domain.Region, error) {
	if r := domain.M49Region(id); r != nil {
		return r, nil
	}
	return scanRegion(tx.queryRow(ctx, `SELECT `+regionCols+` FROM regions WHERE id = ?`, id))
}

// UnmappedRegion is a region written as text that no region's name maps
// to, with where it is used.
type UnmappedRegion struct {
	Text          string
	Bodies        int
	Groups        int
	Contributions int
	Endorsements  int
}

// UnmappedRegions lists the texts of regions that refer to no region, by
// text: what the migration to regions as data, or a later write, could
// not map.
func (db *DB) UnmappedRegions(ctx context.Context) ([]*UnmappedRegion, error) {
	rows, err := db.query(ctx, `SELECT region, 'b' FROM bodies WHERE region_id = '' AND region <> ''
		UNION ALL SELECT region, 'g' FROM breakout_groups WHERE region_id = '' AND region <> ''
		UNION ALL SELECT region, 'c' FROM contribution_regions WHERE region_id = '' AND region <> ''
		UNION ALL SELECT region, 'e' FROM endorsements WHERE region_id = '' AND region <> ''`)
	if err != nil {
		return nil, db.mapErr(err)
	}
	defer rows.Close()
	byText := map[string]*UnmappedRegion{}
	var out []*UnmappedRegion
	for rows.Next() {
		var text, kind string
		if err := rows.Scan(&text, &kind); err != nil {
			return nil, db.mapErr(err)
		}
		u := byText[text]
		if u == nil {
			u = &UnmappedRegion{Text: text}
			byText[text] = u
			out = append(out, u)
		}
		switch kind {
		case "b":
			u.Bodies++
		case "g":
			u.Groups++
		case "c":
			u.Contributions++
		default:
			u.Endorsements++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, db.mapErr(err)
	}
	slices.SortFunc(out, func(a, b *UnmappedRegion) int {
		return strings.Compare(strings.ToLower(a.Text), strings.ToLower(b.Text))
	})
	return out, nil
}

// MapRegionName makes text a name of the region id and refers every body,
// group, contribution and endorsement written with that text (in any
// case) to the region, keeping the text. Audited; it returns how many
// records now refer to the region.
func (db *DB) MapRegionName(ctx context.Context, text, id string) (int, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, domain.Invalid("text", "error.required", "required")
	}
	n := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := db.regionIn(ctx, tx, id); err != nil {
			return domain.Invalid("region_id", "region.error_unknown", "choose one of the regions")
		}
		if err := tx.nameRegion(ctx, text, id, true); err != nil {
			return err
		}
		key := regionKey(text)
		for _, table := range []string{"bodies", "breakout_groups", "contribution_regions", "endorsements"} {
			// LOWER in SQL folds ASCII only on SQLite: the rows are
			// compared in Go.
			rows, err := tx.query(ctx, `SELECT DISTINCT region FROM `+table+` WHERE region_id = ''`)
			texts, err := scanAll(rows, err, scanString)
			if err != nil {
				return err
			}
			for _, t := range texts {
				if regionKey(t) != key {
					continue
				}
				res, err := tx.exec(ctx, `UPDATE `+table+` SET region_id = ? WHERE region = ? AND region_id = ''`, id, t)
				if err != nil {
					return err
				}
				k, _ := res.RowsAffected()
				n += int(k)
			}
		}
		return tx.audit(ctx, "map", "region", id, "", nil, map[string]any{"Text": text, "RegionID": id, "Records": n})
	})
	return n, err
}

// RegionsWithin returns the regions, as written, of a meeting's
// contributions that lie within the region id ([domain.RegionIndex.Within]):
// what a breakout group of that region reads as the inputs of its region.
// A contribution region that refers to no known region counts when it is
// written as text (in any case). At most max are returned, the ones most
// used first.
func (db *DB) RegionsWithin(ctx context.Context, meetingID, id, text string, max int) ([]string, error) {
	x, err := db.RegionIndex(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT cr.region, cr.region_id, COUNT(*) FROM contribution_regions cr JOIN contributions c ON c.id = cr.contribution_id
		WHERE c.meeting_id = ? GROUP BY cr.region, cr.region_id ORDER BY COUNT(*) DESC, cr.region`, meetingID)
	if err != nil {
		return nil, db.mapErr(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r regionRef
		var n int
		if err := rows.Scan(&r.text, &r.id, &n); err != nil {
			return nil, db.mapErr(err)
		}
		in := r.id != "" && id != "" && x.Within(r.id, id) || strings.EqualFold(strings.TrimSpace(r.text), strings.TrimSpace(text))
		if in && !slices.Contains(out, r.text) && len(out) < max {
			out = append(out, r.text)
		}
	}
	return out, db.mapErr(rows.Err())
}
