-- +goose Up
-- Partner types as the agenda names them (docs/REGISTRY.md), with their
-- names in the six languages; a secretariat adds others. A partner body
-- has one; the body kinds of partners map onto the built-in ones, and
-- BodyKind stays what the rest of the product reads.
CREATE TABLE partner_types (
    id         TEXT PRIMARY KEY,
    names      TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    builtin    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
INSERT INTO partner_types (id, names, position, builtin, created_at, updated_at, version) VALUES
    ('un_regional_commission', '{"en": "UN regional commission", "fr": "Commission régionale des Nations Unies", "es": "Comisión regional de las Naciones Unidas", "ar": "لجنة إقليمية تابعة للأمم المتحدة", "zh": "联合国区域委员会", "ru": "Региональная комиссия ООН"}', 1, TRUE, 0, 0, 1),
    ('regional_organisation', '{"en": "Regional IGO or regional economic organisation", "fr": "Organisation intergouvernementale régionale ou organisation économique régionale", "es": "Organización intergubernamental regional u organización económica regional", "ar": "منظمة حكومية دولية إقليمية أو منظمة اقتصادية إقليمية", "zh": "区域政府间组织或区域经济组织", "ru": "Региональная МПО или региональная экономическая организация"}', 2, TRUE, 0, 0, 1),
    ('other_igo', '{"en": "Other intergovernmental organisation", "fr": "Autre organisation intergouvernementale", "es": "Otra organización intergubernamental", "ar": "منظمة حكومية دولية أخرى", "zh": "其他政府间组织", "ru": "Другая межправительственная организация"}', 3, TRUE, 0, 0, 1),
    ('ngo_civil_society', '{"en": "NGO and civil society", "fr": "ONG et société civile", "es": "ONG y sociedad civil", "ar": "المنظمات غير الحكومية والمجتمع المدني", "zh": "非政府组织和民间社会", "ru": "НПО и гражданское общество"}', 4, TRUE, 0, 0, 1),
    ('academia', '{"en": "Academia", "fr": "Milieu universitaire", "es": "Academia", "ar": "الأوساط الأكاديمية", "zh": "学术界", "ru": "Академические круги"}', 5, TRUE, 0, 0, 1),
    ('private_sector', '{"en": "Private sector", "fr": "Secteur privé", "es": "Sector privado", "ar": "القطاع الخاص", "zh": "私营部门", "ru": "Частный сектор"}', 6, TRUE, 0, 0, 1);

ALTER TABLE bodies ADD COLUMN partner_type TEXT NOT NULL DEFAULT '';
UPDATE bodies SET partner_type = CASE kind
    WHEN 'un_regional_commission' THEN 'un_regional_commission'
    WHEN 'regional_economic_organisation' THEN 'regional_organisation'
    WHEN 'igo' THEN 'other_igo'
    WHEN 'ngo' THEN 'ngo_civil_society'
    WHEN 'academia' THEN 'academia'
    WHEN 'private_sector' THEN 'private_sector'
    ELSE '' END;

-- +goose Down
ALTER TABLE bodies DROP COLUMN partner_type;
DROP TABLE partner_types;
