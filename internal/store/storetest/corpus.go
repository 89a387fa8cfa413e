package storetest

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
)

// The generated corpus of contributions of the search and page
// benchmarks (store.BenchmarkSearch100k, cli.BenchmarkPages100k).

// Words of each language for the generated texts, the most frequent
// first; texts draw them with a Zipf law, so that a few words are in most
// contributions and most words in few, as in real ones.
var corpusWords = map[string]string{
	"en": `migrants migration workers rights protection regional cooperation policy data labour children women return
		reintegration integration border management legislation law fund project partnership health education remittances
		diaspora skills recruitment ethical trafficking smuggling refugees displacement climate disaster visa regular pathways
		irregular detention alternatives consular assistance access services social inclusion xenophobia discrimination evidence
		capacity training employment employers decent work family reunification youth local authorities cities community dialogue
		governance national strategy identity documents digital information campaign safe orderly development sustainable`,
	"fr": `migrants migration travailleurs droits protection régionale coopération politique données travail enfants femmes retour
		réintégration intégration frontières gestion législation loi fonds projet partenariat santé éducation transferts diaspora
		compétences recrutement éthique traite trafic réfugiés déplacement climat catastrophes visas voies régulières irrégulière
		détention solutions consulaire assistance accès services sociale inclusion xénophobie discrimination preuves capacités
		formation emploi employeurs décent famille regroupement jeunes autorités locales villes communauté dialogue gouvernance
		nationale stratégie identité documents numérique information campagne sûre ordonnée développement durable`,
	"es": `migrantes migración trabajadores derechos protección regional cooperación política datos trabajo niños mujeres retorno
		reintegración integración fronteras gestión legislación ley fondo proyecto alianza salud educación remesas diáspora
		competencias contratación ética trata tráfico refugiados desplazamiento clima desastres visados vías regulares irregular
		detención alternativas consular asistencia acceso servicios social inclusión xenofobia discriminación evidencia capacidades
		formación empleo empleadores decente familia reunificación jóvenes autoridades locales ciudades comunidad diálogo gobernanza
		nacional estrategia identidad documentos digital información campaña segura ordenada desarrollo sostenible`,
	"ru": `мигрантов миграция трудовых права защита регионального сотрудничество политика данные труд детей женщин возвращение
		реинтеграция интеграция границы управление законодательство закон фонд проект партнерство здравоохранение образование
		переводы диаспора навыки найм торговля людьми беженцы перемещение климат бедствия визы законные пути задержание
		альтернативы консульская помощь доступ услуги социальная ксенофобия дискриминация потенциал обучение занятость
		работодатели достойная семьи воссоединение молодежь местные органы города сообщество диалог управления национальная
		стратегия удостоверения личности цифровые информация кампания безопасная развитие устойчивое`,
	"ar": `المهاجرين الهجرة العمال حقوق حماية الإقليمي التعاون السياسات البيانات العمل الأطفال النساء العودة الإدماج الحدود
		إدارة التشريعات القانون صندوق مشروع الشراكة الصحة التعليم التحويلات المغتربين المهارات التوظيف الاتجار بالبشر التهريب
		اللاجئين النزوح المناخ الكوارث التأشيرات مسارات النظامية الاحتجاز بدائل القنصلية المساعدة الوصول الخدمات الاجتماعية
		التمييز الأدلة القدرات التدريب اللائق الأسرة الشمل الشباب السلطات المحلية المدن المجتمع الحوار الحوكمة الوطنية
		الاستراتيجية الهوية الوثائق الرقمية المعلومات حملة الآمنة التنمية المستدامة`,
	"zh": `移民 迁徙 劳工 权利 保护 区域 合作 政策 数据 工作 儿童 妇女 返回 重新融入 融合 边境 管理 立法 法律 基金 项目 伙伴关系
		卫生 教育 汇款 侨民 技能 招聘 道德 贩运 偷运 难民 流离失所 气候 灾害 签证 正常 途径 非正常 拘留 替代 领事 援助 获得 服务
		社会 包容 仇外 歧视 证据 能力 培训 就业 雇主 体面 家庭 团聚 青年 地方 当局 城市 社区 对话 治理 国家 战略 身份 证件
		数字 信息 宣传 安全 有序 发展 可持续`,
}

// corpusGlue are function words put between the content words.
var corpusGlue = map[string][]string{
	"en": {"the", "of", "and", "for", "in", "to", "with"},
	"fr": {"le", "la", "les", "de", "des", "et", "pour", "dans"},
	"es": {"el", "la", "los", "de", "del", "y", "para", "en"},
	"ru": {"и", "в", "на", "для", "с", "по"},
	"ar": {"في", "من", "على", "و", "إلى"},
	"zh": {"的", "和", "在", "与"},
}

var CorpusRegions = []string{"Africa", "Americas", "Arab States", "Asia", "Caribbean", "Central Asia", "Eastern Europe",
	"Europe", "Gulf", "Pacific", "South America", "West Africa"}

// Zipf draws word indexes with a Zipf law over n words.
type Zipf struct{ cum []float64 }

func NewZipf(n int) Zipf {
	z := Zipf{cum: make([]float64, n)}
	sum := 0.0
	for i := range n {
		sum += 1 / math.Pow(float64(i+1), 0.9)
		z.cum[i] = sum
	}
	for i := range z.cum {
		z.cum[i] /= sum
	}
	return z
}

func (z Zipf) Draw(r *rand.Rand) int {
	i, _ := slices.BinarySearch(z.cum, r.Float64())
	return min(i, len(z.cum)-1)
}

// CorpusTopic draws the few words a contribution is about: real texts
// repeat their subject's words rather than use the whole vocabulary.
func CorpusTopic(r *rand.Rand, lang string, z Zipf) []string {
	words := strings.Fields(corpusWords[lang])
	topic := make([]string, 4+r.IntN(8))
	for i := range topic {
		topic[i] = words[z.Draw(r)%len(words)]
	}
	return topic
}

// CorpusText makes n words of lang: mostly the topic's words, some of the
// whole vocabulary, with function words between them.
func CorpusText(r *rand.Rand, lang string, n int, topic []string, z Zipf) string {
	words := strings.Fields(corpusWords[lang])
	glue := corpusGlue[lang]
	var b strings.Builder
	for i := range n {
		if lang != "zh" && i > 0 {
			b.WriteByte(' ')
		}
		if i > 0 && r.IntN(3) == 0 {
			b.WriteString(glue[r.IntN(len(glue))])
			if lang != "zh" {
				b.WriteByte(' ')
			}
		}
		if r.IntN(10) == 0 {
			b.WriteString(words[z.Draw(r)%len(words)])
		} else {
			b.WriteString(topic[r.IntN(len(topic))])
		}
		if lang == "zh" && i%9 == 8 {
			b.WriteString("，")
		}
	}
	if lang == "zh" {
		b.WriteString("。")
	} else {
		b.WriteString(".")
	}
	return b.String()
}

// CorpusRefs are what generated contributions refer to.
type CorpusRefs struct {
	Meetings  []string
	Questions map[string][]string // guiding questions by meeting
	Bodies    []string
	Authors   []string
	Tags      []string // framework items, the first tagged most often
}

// Contributions generates contributions from..to of a corpus over refs,
// the same ones every time: six languages (35% English, 20% French, 20%
// Spanish, 10% Arabic, 10% Russian, 5% Chinese), every kind, 75%
// published and the rest submitted, draft, returned or withdrawn, 5%
// demonstration, one or two regions, one to three tags, half of them
// answering a guiding question. Texts are 40-140 words drawn mostly from a
// few topic words of their own (Zipf) with function words between them.
// Their creation times are ten minutes apart from 2017 on.
func Contributions(refs CorpusRefs, from, to int) []*domain.Contribution {
	langs := []string{"en", "en", "en", "en", "en", "en", "en", "fr", "fr", "fr", "fr", "es", "es", "es", "es", "ar", "ar", "ru", "ru", "zh"}
	kinds := []domain.ContributionKind{domain.KindGoodPractice, domain.KindGoodPractice, domain.KindGoodPractice, domain.KindRecommendation,
		domain.KindRecommendation, domain.KindRecommendation, domain.KindCommitment, domain.KindInnovation, domain.KindPrinciple,
		domain.KindIssue, domain.KindIssue, domain.KindPartnership, domain.KindFollowUp}
	statuses := []domain.Status{domain.StatusPublished, domain.StatusPublished, domain.StatusPublished, domain.StatusPublished,
		domain.StatusPublished, domain.StatusPublished, domain.StatusPublished, domain.StatusPublished, domain.StatusPublished,
		domain.StatusPublished, domain.StatusPublished, domain.StatusPublished, domain.StatusPublished, domain.StatusPublished,
		domain.StatusPublished, domain.StatusSubmitted, domain.StatusSubmitted, domain.StatusDraft, domain.StatusReturned, domain.StatusWithdrawn}
	z := NewZipf(80)
	start := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []*domain.Contribution
	for i := from; i < to; i++ {
		r := rand.New(rand.NewPCG(uint64(i), 42))
		lang := langs[r.IntN(len(langs))]
		m := refs.Meetings[r.IntN(len(refs.Meetings))]
		topic := CorpusTopic(r, lang, z)
		c := &domain.Contribution{
			MeetingID: m, Kind: kinds[r.IntN(len(kinds))], Status: statuses[r.IntN(len(statuses))], Lang: lang,
			Title:     CorpusText(r, lang, 4+r.IntN(6), topic, z),
			Text:      CorpusText(r, lang, 40+r.IntN(100), topic, z),
			BodyID:    refs.Bodies[r.IntN(len(refs.Bodies))],
			AuthorID:  refs.Authors[r.IntN(len(refs.Authors))],
			Demo:      r.IntN(20) == 0,
			CreatedAt: start.Add(time.Duration(i) * 10 * time.Minute),
		}
		c.Title = strings.TrimSuffix(c.Title, ".")
		if c.Kind == domain.KindGoodPractice {
			c.Practice = domain.PracticeTypes[r.IntN(len(domain.PracticeTypes))]
		}
		if qs := refs.Questions[m]; r.IntN(2) == 0 {
			c.QuestionID = qs[r.IntN(len(qs))]
		}
		c.Regions = []string{CorpusRegions[r.IntN(len(CorpusRegions))]}
		if r.IntN(4) == 0 {
			c.Regions = append(c.Regions, CorpusRegions[r.IntN(len(CorpusRegions))])
		}
		for range 1 + r.IntN(3) {
			// Objectives early in the list are tagged more often.
			c.Tags = append(c.Tags, refs.Tags[min(r.IntN(len(refs.Tags)), r.IntN(len(refs.Tags)))])
		}
		out = append(out, c)
	}
	return out
}
