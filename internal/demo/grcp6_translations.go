package demo

import (
	"slices"
	"unicode"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
)

// g6TranslationStatus is the status of the GRCP 6 outcome document's
// translations, by language: the French and Spanish ones revised, the
// others translated.
var g6TranslationStatus = map[string]store.TranslationStatus{
	"fr": store.TranslationRevised, "es": store.TranslationRevised,
	"ar": store.TranslationTranslated, "zh": store.TranslationTranslated, "ru": store.TranslationTranslated,
}

// g6Text is an English text of the GRCP 6 outcome document and its
// translations. The translations are keyed by the English text, not by
// the blocks' IDs, which the draft derives from generated IDs.
type g6Text struct{ en, fr, es, ar, zh, ru string }

func (t g6Text) in(lang string) string {
	return map[string]string{"en": t.en, "fr": t.fr, "es": t.es, "ar": t.ar, "zh": t.zh, "ru": t.ru}[lang]
}

// g6Dictionary returns the translations into lang by English text.
func g6Dictionary(lang string) map[string]string {
	d := make(map[string]string, len(g6Texts))
	for _, t := range g6Texts {
		if s := t.in(lang); s != "" {
			d[t.en] = s
		}
	}
	return d
}

// hasLetter reports whether s has a letter: a table cell without one (a
// count, a place "1 / 3", a dash) reads the same in every language.
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// translate returns the translations into lang of the parts of t (the
// title, the subtitle, the headings and the blocks, a table cell by cell)
// that the dictionary has, and the English texts it lacks: a part with a
// text the dictionary lacks is left out and stays in English.
func translate(t domain.OutcomeText, lang string) ([]outcome.BlockText, []string) {
	d := g6Dictionary(lang)
	var out []outcome.BlockText
	var missing []string
	put := func(id, text string, rows [][]string) {
		ok := true
		tr := func(s string) string {
			if !hasLetter(s) {
				return s
			}
			v, found := d[s]
			if !found && !slices.Contains(missing, s) {
				missing = append(missing, s)
				ok = false
			}
			return v
		}
		bt := outcome.BlockText{ID: id, Text: tr(text)}
		for _, row := range rows {
			cells := make([]string, len(row))
			for i, c := range row {
				cells[i] = tr(c)
			}
			bt.Rows = append(bt.Rows, cells)
		}
		if ok {
			out = append(out, bt)
		}
	}
	put("title", t.Title, nil)
	if t.Subtitle != "" {
		put("subtitle", t.Subtitle, nil)
	}
	for _, s := range t.Sections {
		put("heading:"+s.Key, s.Heading, nil)
		for _, b := range s.Blocks {
			put(b.ID, b.Text, b.Rows)
		}
	}
	return out, missing
}

// g6Texts are the texts of the GRCP 6 outcome document's adopted version
// and their translations, in the order of the document.
var g6Texts = []g6Text{
	{
		en: `Outcome document of GRCP 6 (demonstration)`,
		fr: `Document final de GRCP 6 (démonstration)`,
		es: `Documento final de GRCP 6 (demostración)`,
		ar: `الوثيقة الختامية لـ GRCP 6 (للعرض التوضيحي)`,
		zh: `GRCP 6（演示）成果文件`,
		ru: `Итоговый документ: GRCP 6 (демонстрация)`,
	},
	{
		en: `Regional Consultative Processes on Migration and the Global Compact (demonstration), Geneva, 2016-11-08 – 2016-11-09`,
		fr: `Les processus consultatifs régionaux sur la migration et le Pacte mondial (démonstration), Genève, 2016-11-08 – 2016-11-09`,
		es: `Los procesos consultivos regionales sobre migración y el Pacto Mundial (demostración), Ginebra, 2016-11-08 – 2016-11-09`,
		ar: `العمليات التشاورية الإقليمية المعنية بالهجرة والاتفاق العالمي (للعرض التوضيحي)، جنيف، 2016-11-08 – 2016-11-09`,
		zh: `区域移民问题协商进程与全球契约（演示），日内瓦，2016-11-08 – 2016-11-09`,
		ru: `Региональные консультативные процессы по миграции и Глобальный договор (демонстрация), Женева, 2016-11-08 – 2016-11-09`,
	},
	{
		en: `Introduction`,
		fr: `Introduction`,
		es: `Introducción`,
		ar: `مقدمة`,
		zh: `导言`,
		ru: `Введение`,
	},
	{
		en: `Demonstration content: this meeting, its statements, votes and decisions are invented to show how plenary makes an outcome document; they are not the record of the real GRCP 6.`,
		fr: `Contenu de démonstration : cette réunion, ses énoncés, ses votes et ses décisions sont inventés pour montrer comment plenary établit un document final ; ils ne sont pas le compte rendu de la véritable GRCP 6.`,
		es: `Contenido de demostración: esta reunión, sus declaraciones, votos y decisiones son inventados para mostrar cómo plenary elabora un documento final; no son el registro de la verdadera GRCP 6.`,
		ar: `محتوى للعرض التوضيحي: هذا الاجتماع وبياناته وأصواته وقراراته مختلَقة لبيان كيف يُعِدّ plenary وثيقة ختامية، وهي ليست سجلّ الاجتماع GRCP 6 الحقيقي.`,
		zh: `演示内容：本次会议及其陈述、投票和决定均为虚构，用于展示 plenary 如何编制成果文件，并非真实的 GRCP 6 的记录。`,
		ru: `Демонстрационное содержание: это совещание, его положения, голоса и решения вымышлены, чтобы показать, как plenary готовит итоговый документ; это не протокол реального GRCP 6.`,
	},
	{
		en: `The regional breakout groups each agreed on their recommendations, including those of small island states, which the plenary brought together into the overall recommendations below.`,
		fr: `Chacun des groupes de travail régionaux s'est accordé sur ses recommandations, y compris celles des petits États insulaires, que la plénière a réunies dans les recommandations générales ci-dessous.`,
		es: `Cada grupo de trabajo regional acordó sus recomendaciones, incluidas las de los pequeños Estados insulares, que el plenario reunió en las recomendaciones generales que figuran a continuación.`,
		ar: `اتفق كل فريق من أفرقة العمل الإقليمية على توصياته، بما فيها توصيات الدول الجزرية الصغيرة، وجمعتها الجلسة العامة في التوصيات العامة الواردة أدناه.`,
		zh: `各区域分组分别商定了各自的建议，包括小岛屿国家的建议，全体会议将这些建议汇集为以下总体建议。`,
		ru: `Каждая региональная рабочая группа согласовала свои рекомендации, в том числе рекомендации малых островных государств, которые пленарное заседание свело в приведённые ниже общие рекомендации.`,
	},
	{
		en: `The secretariat circulated the draft to the participating bodies; their amendments are recorded with the decisions taken on them.`,
		fr: `Le secrétariat a diffusé le projet aux entités participantes ; leurs amendements sont consignés avec les décisions prises à leur sujet.`,
		es: `La secretaría distribuyó el borrador a las entidades participantes; sus enmiendas constan junto con las decisiones adoptadas sobre ellas.`,
		ar: `عمّمت الأمانة المسودة على الهيئات المشاركة، وسُجّلت تعديلاتها مع القرارات المتخذة بشأنها.`,
		zh: `秘书处已将草稿分发给与会机构；各机构提出的修正及就其作出的决定均有记录。`,
		ru: `Секретариат разослал проект участвующим органам; их поправки зафиксированы вместе с принятыми по ним решениями.`,
	},
	{
		en: `Participating bodies`,
		fr: `Entités participantes`,
		es: `Entidades participantes`,
		ar: `الهيئات المشاركة`,
		zh: `与会机构`,
		ru: `Участвующие органы`,
	},
	{
		en: `Body`,
		fr: `Entité`,
		es: `Entidad`,
		ar: `الهيئة`,
		zh: `机构`,
		ru: `Орган`,
	},
	{
		en: `Kind`,
		fr: `Type`,
		es: `Tipo`,
		ar: `النوع`,
		zh: `类型`,
		ru: `Вид`,
	},
	{
		en: `Region`,
		fr: `Région`,
		es: `Región`,
		ar: `المنطقة`,
		zh: `区域`,
		ru: `Регион`,
	},
	{
		en: `Abu Dhabi Dialogue (ADD)`,
		fr: `Dialogue d'Abou Dhabi (ADD)`,
		es: `Diálogo de Abu Dabi (ADD)`,
		ar: `حوار أبوظبي (ADD)`,
		zh: `阿布扎比对话（ADD）`,
		ru: `Абу-Дабийский диалог (ADD)`,
	},
	{
		en: `Inter-regional forum`,
		fr: `Forum interrégional`,
		es: `Foro interregional`,
		ar: `منتدى أقاليمي`,
		zh: `区域间论坛`,
		ru: `Межрегиональный форум`,
	},
	{
		en: `Asia and the Gulf`,
		fr: `Asie et Golfe`,
		es: `Asia y el Golfo`,
		ar: `آسيا والخليج`,
		zh: `亚洲和海湾地区`,
		ru: `Азия и страны Залива`,
	},
	{
		en: `Caribbean Migration Consultations (CMC)`,
		fr: `Consultations caribéennes sur la migration (CMC)`,
		es: `Consultas sobre Migración del Caribe (CMC)`,
		ar: `مشاورات منطقة البحر الكاريبي بشأن الهجرة (CMC)`,
		zh: `加勒比移民问题协商（CMC）`,
		ru: `Карибские консультации по миграции (CMC)`,
	},
	{
		en: `Regional consultative process`,
		fr: `Processus consultatif régional`,
		es: `Proceso consultivo regional`,
		ar: `عملية تشاورية إقليمية`,
		zh: `区域协商进程`,
		ru: `Региональный консультативный процесс`,
	},
	{
		en: `Caribbean`,
		fr: `Caraïbes`,
		es: `Caribe`,
		ar: `منطقة البحر الكاريبي`,
		zh: `加勒比`,
		ru: `Карибский бассейн`,
	},
	{
		en: `Economic and Social Commission for Asia and the Pacific (ESCAP)`,
		fr: `Commission économique et sociale pour l'Asie et le Pacifique (CESAP)`,
		es: `Comisión Económica y Social para Asia y el Pacífico (CESPAP)`,
		ar: `اللجنة الاقتصادية والاجتماعية لآسيا والمحيط الهادئ (ESCAP)`,
		zh: `亚洲及太平洋经济社会委员会（亚太经社会）`,
		ru: `Экономическая и социальная комиссия для Азии и Тихого океана (ЭСКАТО)`,
	},
	{
		en: `UN regional commission`,
		fr: `Commission régionale de l'ONU`,
		es: `Comisión regional de las Naciones Unidas`,
		ar: `لجنة إقليمية تابعة للأمم المتحدة`,
		zh: `联合国区域委员会`,
		ru: `Региональная комиссия ООН`,
	},
	{
		en: `Asia and the Pacific`,
		fr: `Asie et Pacifique`,
		es: `Asia y el Pacífico`,
		ar: `آسيا والمحيط الهادئ`,
		zh: `亚洲及太平洋`,
		ru: `Азия и Тихий океан`,
	},
	{
		en: `Economic Commission for Africa (ECA)`,
		fr: `Commission économique pour l'Afrique (CEA)`,
		es: `Comisión Económica para África (CEPA)`,
		ar: `اللجنة الاقتصادية لأفريقيا (ECA)`,
		zh: `非洲经济委员会（非洲经委会）`,
		ru: `Экономическая комиссия для Африки (ЭКА)`,
	},
	{
		en: `Africa`,
		fr: `Afrique`,
		es: `África`,
		ar: `أفريقيا`,
		zh: `非洲`,
		ru: `Африка`,
	},
	{
		en: `Migration Dialogue for Southern Africa (MIDSA)`,
		fr: `Dialogue sur la migration pour l'Afrique australe (MIDSA)`,
		es: `Diálogo sobre Migración para África Meridional (MIDSA)`,
		ar: `حوار الهجرة للجنوب الأفريقي (MIDSA)`,
		zh: `南部非洲移民对话（MIDSA）`,
		ru: `Диалог по миграции для Южной Африки (MIDSA)`,
	},
	{
		en: `Southern Africa`,
		fr: `Afrique australe`,
		es: `África Meridional`,
		ar: `الجنوب الأفريقي`,
		zh: `南部非洲`,
		ru: `Южная Африка`,
	},
	{
		en: `Regional Conference on Migration (Puebla Process) (RCM)`,
		fr: `Conférence régionale sur la migration (Processus de Puebla) (CRM)`,
		es: `Conferencia Regional sobre Migración (Proceso Puebla) (CRM)`,
		ar: `المؤتمر الإقليمي المعني بالهجرة (عملية بويبلا) (RCM)`,
		zh: `区域移民问题会议（普埃布拉进程）（RCM）`,
		ru: `Региональная конференция по миграции (Пуэблский процесс) (RCM)`,
	},
	{
		en: `North and Central America`,
		fr: `Amérique du Nord et Amérique centrale`,
		es: `América del Norte y Central`,
		ar: `أمريكا الشمالية والوسطى`,
		zh: `北美洲和中美洲`,
		ru: `Северная и Центральная Америка`,
	},
	{
		en: `Session 1: Regional breakout groups`,
		fr: `Session 1 : Groupes de travail régionaux`,
		es: `Sesión 1: Grupos de trabajo regionales`,
		ar: `الجلسة 1: أفرقة العمل الإقليمية`,
		zh: `第1场会议：区域分组`,
		ru: `Заседание 1: Региональные рабочие группы`,
	},
	{
		en: `To agree, in each region, on the recommendations that the region brings to the global compact, on the regional follow-up mechanisms of the compact and on the role of the regional consultative processes in them.`,
		fr: `S'accorder, dans chaque région, sur les recommandations que la région apporte au pacte mondial, sur les mécanismes régionaux de suivi du pacte et sur le rôle qu'y jouent les processus consultatifs régionaux.`,
		es: `Acordar, en cada región, las recomendaciones que la región aporta al pacto mundial, los mecanismos regionales de seguimiento del pacto y el papel que desempeñan en ellos los procesos consultivos regionales.`,
		ar: `الاتفاق، في كل منطقة، على التوصيات التي تقدمها المنطقة إلى الاتفاق العالمي، وعلى آليات المتابعة الإقليمية للاتفاق، وعلى دور العمليات التشاورية الإقليمية فيها.`,
		zh: `在每个区域商定该区域为全球契约提出的建议、全球契约的区域后续机制以及区域协商进程在其中的作用。`,
		ru: `Согласовать в каждом регионе рекомендации, которые регион вносит в глобальный договор, региональные механизмы последующей деятельности по договору и роль региональных консультативных процессов в них.`,
	},
	{
		en: `Session 2: Plenary`,
		fr: `Session 2 : Plénière`,
		es: `Sesión 2: Plenario`,
		ar: `الجلسة 2: الجلسة العامة`,
		zh: `第2场会议：全体会议`,
		ru: `Заседание 2: Пленарное заседание`,
	},
	{
		en: `To bring the groups' recommendations together and agree on the overall recommendations of the meeting.`,
		fr: `Réunir les recommandations des groupes et s'accorder sur les recommandations générales de la réunion.`,
		es: `Reunir las recomendaciones de los grupos y acordar las recomendaciones generales de la reunión.`,
		ar: `جمع توصيات الأفرقة والاتفاق على التوصيات العامة للاجتماع.`,
		zh: `汇集各组的建议，并商定会议的总体建议。`,
		ru: `Свести воедино рекомендации групп и согласовать общие рекомендации совещания.`,
	},
	{
		en: `Breakout group: Africa`,
		fr: `Groupe de travail : Afrique`,
		es: `Grupo de trabajo: África`,
		ar: `فريق العمل: أفريقيا`,
		zh: `分组：非洲`,
		ru: `Рабочая группа: Африка`,
	},
	{
		en: `Open more regular pathways for labour migration between the countries of Africa and to other regions.`,
		fr: `Ouvrir davantage de voies régulières de migration de main-d'œuvre entre les pays d'Afrique et vers les autres régions.`,
		es: `Abrir más vías regulares de migración laboral entre los países de África y hacia otras regiones.`,
		ar: `فتح مزيد من المسارات النظامية لهجرة اليد العاملة بين بلدان أفريقيا وإلى المناطق الأخرى.`,
		zh: `在非洲各国之间以及通往其他区域开辟更多正常劳务移民渠道。`,
		ru: `Открыть больше легальных путей трудовой миграции между странами Африки и в другие регионы.`,
	},
	{
		en: `Build the capacity of national statistics offices to collect and share migration data.`,
		fr: `Renforcer la capacité des offices nationaux de statistique à collecter et à partager des données migratoires.`,
		es: `Fortalecer la capacidad de las oficinas nacionales de estadística para recopilar y compartir datos migratorios.`,
		ar: `بناء قدرات مكاتب الإحصاء الوطنية على جمع بيانات الهجرة وتبادلها.`,
		zh: `加强国家统计局收集和共享移民数据的能力。`,
		ru: `Укрепить потенциал национальных статистических управлений по сбору миграционных данных и обмену ими.`,
	},
	{
		en: `Make remittance transfers cheaper and safer through digital payment services.`,
		fr: `Rendre les transferts de fonds moins coûteux et plus sûrs grâce aux services de paiement numérique.`,
		es: `Abaratar los envíos de remesas y hacerlos más seguros mediante servicios de pago digital.`,
		ar: `جعل التحويلات المالية أقل كلفة وأكثر أمانًا من خلال خدمات الدفع الرقمي.`,
		zh: `通过数字支付服务使汇款更便宜、更安全。`,
		ru: `Сделать денежные переводы дешевле и безопаснее с помощью цифровых платёжных услуг.`,
	},
	{
		en: `Regional follow-up mechanisms: a yearly review of the compact in each regional economic community, prepared with the Economic Commission for Africa.`,
		fr: `Mécanismes régionaux de suivi : un examen annuel du pacte dans chaque communauté économique régionale, préparé avec la Commission économique pour l'Afrique.`,
		es: `Mecanismos regionales de seguimiento: un examen anual del pacto en cada comunidad económica regional, preparado con la Comisión Económica para África.`,
		ar: `آليات المتابعة الإقليمية: استعراض سنوي للاتفاق في كل جماعة اقتصادية إقليمية، يُعَدّ بالتعاون مع اللجنة الاقتصادية لأفريقيا.`,
		zh: `区域后续机制：每个区域经济共同体每年审查一次全球契约，与非洲经济委员会共同筹备。`,
		ru: `Региональные механизмы последующей деятельности: ежегодный обзор договора в каждом региональном экономическом сообществе, подготавливаемый совместно с Экономической комиссией для Африки.`,
	},
	{
		en: `Role of RCPs: RCPs bring the national migration authorities together and report the region's progress to the global review.`,
		fr: `Rôle des PCR : les PCR réunissent les autorités nationales chargées de la migration et rendent compte des progrès de la région à l'examen mondial.`,
		es: `Papel de los PCR: los PCR reúnen a las autoridades nacionales de migración e informan de los avances de la región al examen mundial.`,
		ar: `دور العمليات التشاورية الإقليمية: تجمع العمليات التشاورية الإقليمية السلطات الوطنية المعنية بالهجرة وتبلّغ الاستعراض العالمي بالتقدم المحرز في المنطقة.`,
		zh: `区域协商进程的作用：区域协商进程召集各国移民主管部门，并向全球审查报告本区域的进展。`,
		ru: `Роль РКП: РКП объединяют национальные миграционные органы и сообщают о прогрессе региона в рамках глобального обзора.`,
	},
	{
		en: `Breakout group: Americas and the Caribbean`,
		fr: `Groupe de travail : Amériques et Caraïbes`,
		es: `Grupo de trabajo: Américas y el Caribe`,
		ar: `فريق العمل: الأمريكتان ومنطقة البحر الكاريبي`,
		zh: `分组：美洲和加勒比`,
		ru: `Рабочая группа: Америка и Карибский бассейн`,
	},
	{
		en: `Americas and the Caribbean`,
		fr: `Amériques et Caraïbes`,
		es: `Américas y el Caribe`,
		ar: `الأمريكتان ومنطقة البحر الكاريبي`,
		zh: `美洲和加勒比`,
		ru: `Америка и Карибский бассейн`,
	},
	{
		en: `Expand regular pathways for labour migration between the countries of the region.`,
		fr: `Élargir les voies régulières de migration de main-d'œuvre entre les pays de la région.`,
		es: `Ampliar las vías regulares de migración laboral entre los países de la región.`,
		ar: `توسيع المسارات النظامية لهجرة اليد العاملة بين بلدان المنطقة.`,
		zh: `扩大本区域各国之间的正常劳务移民渠道。`,
		ru: `Расширить легальные пути трудовой миграции между странами региона.`,
	},
	{
		en: `Protect migrants in transit and search for missing migrants across borders.`,
		fr: `Protéger les migrants en transit et rechercher les migrants disparus par-delà les frontières.`,
		es: `Proteger a los migrantes en tránsito y buscar a los migrantes desaparecidos más allá de las fronteras.`,
		ar: `حماية المهاجرين العابرين والبحث عن المهاجرين المفقودين عبر الحدود.`,
		zh: `保护过境移民，并跨境寻找失踪移民。`,
		ru: `Защищать мигрантов в пути и разыскивать пропавших мигрантов по обе стороны границ.`,
	},
	{
		en: `Prepare for displacement caused by hurricanes and other disasters in the Caribbean.`,
		fr: `Se préparer aux déplacements causés par les ouragans et d'autres catastrophes dans les Caraïbes.`,
		es: `Prepararse para los desplazamientos causados por huracanes y otros desastres en el Caribe.`,
		ar: `الاستعداد للنزوح الناجم عن الأعاصير وغيرها من الكوارث في منطقة البحر الكاريبي.`,
		zh: `为加勒比地区飓风和其他灾害造成的流离失所做好准备。`,
		ru: `Готовиться к перемещению населения, вызванному ураганами и другими бедствиями в Карибском бассейне.`,
	},
	{
		en: `Regional follow-up mechanisms: the Regional Conference on Migration and the South American Conference on Migration report on the compact at their yearly meetings.`,
		fr: `Mécanismes régionaux de suivi : la Conférence régionale sur la migration et la Conférence sud-américaine sur la migration rendent compte du pacte lors de leurs réunions annuelles.`,
		es: `Mecanismos regionales de seguimiento: la Conferencia Regional sobre Migración y la Conferencia Suramericana sobre Migraciones informan sobre el pacto en sus reuniones anuales.`,
		ar: `آليات المتابعة الإقليمية: يقدّم المؤتمر الإقليمي المعني بالهجرة ومؤتمر أمريكا الجنوبية المعني بالهجرة تقارير عن الاتفاق في اجتماعاتهما السنوية.`,
		zh: `区域后续机制：区域移民问题会议和南美洲移民问题会议在其年度会议上报告全球契约的情况。`,
		ru: `Региональные механизмы последующей деятельности: Региональная конференция по миграции и Южноамериканская конференция по миграции отчитываются о договоре на своих ежегодных совещаниях.`,
	},
	{
		en: `Role of RCPs: RCPs share practices between countries of origin, transit and destination and train the officials who apply them.`,
		fr: `Rôle des PCR : les PCR partagent des pratiques entre pays d'origine, de transit et de destination et forment les fonctionnaires qui les appliquent.`,
		es: `Papel de los PCR: los PCR comparten prácticas entre países de origen, tránsito y destino y capacitan a los funcionarios que las aplican.`,
		ar: `دور العمليات التشاورية الإقليمية: تتبادل العمليات التشاورية الإقليمية الممارسات بين بلدان المنشأ والعبور والمقصد وتدرّب الموظفين الذين يطبّقونها.`,
		zh: `区域协商进程的作用：区域协商进程在原籍国、过境国和目的地国之间分享做法，并培训实施这些做法的官员。`,
		ru: `Роль РКП: РКП обмениваются практиками между странами происхождения, транзита и назначения и обучают применяющих их должностных лиц.`,
	},
	{
		en: `Breakout group: Asia and the Pacific`,
		fr: `Groupe de travail : Asie et Pacifique`,
		es: `Grupo de trabajo: Asia y el Pacífico`,
		ar: `فريق العمل: آسيا والمحيط الهادئ`,
		zh: `分组：亚洲及太平洋`,
		ru: `Рабочая группа: Азия и Тихий океан`,
	},
	{
		en: `End recruitment fees charged to migrant workers and regulate recruitment agencies.`,
		fr: `Mettre fin aux frais de recrutement facturés aux travailleurs migrants et réglementer les agences de recrutement.`,
		es: `Poner fin a las comisiones de contratación cobradas a los trabajadores migrantes y regular las agencias de contratación.`,
		ar: `إنهاء رسوم التوظيف المفروضة على العمال المهاجرين وتنظيم وكالات التوظيف.`,
		zh: `取消向移民工人收取的招聘费，并规范招聘机构。`,
		ru: `Отменить сборы за наём, взимаемые с трудящихся-мигрантов, и регулировать деятельность кадровых агентств.`,
	},
	{
		en: `Open regular pathways for labour migration with recognition of skills between countries of origin and destination.`,
		fr: `Ouvrir des voies régulières de migration de main-d'œuvre assorties de la reconnaissance des compétences entre pays d'origine et de destination.`,
		es: `Abrir vías regulares de migración laboral con reconocimiento de las competencias entre países de origen y de destino.`,
		ar: `فتح مسارات نظامية لهجرة اليد العاملة مع الاعتراف بالمهارات بين بلدان المنشأ وبلدان المقصد.`,
		zh: `在原籍国和目的地国之间开辟正常劳务移民渠道，并承认技能。`,
		ru: `Открыть легальные пути трудовой миграции с признанием квалификации между странами происхождения и назначения.`,
	},
	{
		en: `Build the capacity of statistics offices to share comparable migration data across the region.`,
		fr: `Renforcer la capacité des offices de statistique à partager des données migratoires comparables dans toute la région.`,
		es: `Fortalecer la capacidad de las oficinas de estadística para compartir datos migratorios comparables en toda la región.`,
		ar: `بناء قدرات مكاتب الإحصاء على تبادل بيانات هجرة قابلة للمقارنة في أنحاء المنطقة.`,
		zh: `加强统计部门在整个区域共享可比移民数据的能力。`,
		ru: `Укрепить потенциал статистических управлений по обмену сопоставимыми миграционными данными в масштабах региона.`,
	},
	{
		en: `Regional follow-up mechanisms: a review every two years in the Colombo Process and the Abu Dhabi Dialogue, with the regional commission.`,
		fr: `Mécanismes régionaux de suivi : un examen tous les deux ans au sein du Processus de Colombo et du Dialogue d'Abou Dhabi, avec la commission régionale.`,
		es: `Mecanismos regionales de seguimiento: un examen cada dos años en el Proceso de Colombo y el Diálogo de Abu Dabi, con la comisión regional.`,
		ar: `آليات المتابعة الإقليمية: استعراض كل سنتين في إطار عملية كولومبو وحوار أبوظبي، بالتعاون مع اللجنة الإقليمية.`,
		zh: `区域后续机制：科伦坡进程和阿布扎比对话每两年与区域委员会共同开展一次审查。`,
		ru: `Региональные механизмы последующей деятельности: обзор раз в два года в рамках Коломбо-процесса и Абу-Дабийского диалога совместно с региональной комиссией.`,
	},
	{
		en: `Role of RCPs: RCPs hold the dialogue between countries of origin and destination on labour migration.`,
		fr: `Rôle des PCR : les PCR mènent le dialogue entre pays d'origine et de destination sur la migration de main-d'œuvre.`,
		es: `Papel de los PCR: los PCR mantienen el diálogo entre países de origen y de destino sobre la migración laboral.`,
		ar: `دور العمليات التشاورية الإقليمية: تتولى العمليات التشاورية الإقليمية الحوار بين بلدان المنشأ والمقصد بشأن هجرة اليد العاملة.`,
		zh: `区域协商进程的作用：区域协商进程主持原籍国与目的地国之间关于劳务移民的对话。`,
		ru: `Роль РКП: РКП ведут диалог между странами происхождения и назначения по вопросам трудовой миграции.`,
	},
	{
		en: `Points of general agreement`,
		fr: `Points d'accord général`,
		es: `Puntos de acuerdo general`,
		ar: `نقاط الاتفاق العام`,
		zh: `普遍一致的要点`,
		ru: `Пункты общего согласия`,
	},
	{
		en: `Points of disagreement`,
		fr: `Points de désaccord`,
		es: `Puntos de desacuerdo`,
		ar: `نقاط الخلاف`,
		zh: `存在分歧的要点`,
		ru: `Пункты разногласий`,
	},
	{
		en: `Labour mobility within Africa and to other regions needs more regular pathways, and better data to plan them.`,
		fr: `La mobilité de la main-d'œuvre en Afrique et vers les autres régions a besoin de davantage de voies régulières et de meilleures données pour les planifier.`,
		es: `La movilidad laboral dentro de África y hacia otras regiones necesita más vías regulares y mejores datos para planificarlas.`,
		ar: `يحتاج تنقّل اليد العاملة داخل أفريقيا وإلى المناطق الأخرى إلى مزيد من المسارات النظامية وإلى بيانات أفضل لتخطيطها.`,
		zh: `非洲内部以及通往其他区域的劳动力流动需要更多正常渠道，也需要更好的数据来规划这些渠道。`,
		ru: `Трудовой мобильности внутри Африки и в другие регионы нужны больше легальных путей и более точные данные для их планирования.`,
	},
	{
		en: `Whether digital payment services alone can lower the cost of remittances.`,
		fr: `La question de savoir si les services de paiement numérique suffisent à eux seuls à réduire le coût des transferts de fonds.`,
		es: `Si los servicios de pago digital bastan por sí solos para reducir el costo de las remesas.`,
		ar: `ما إذا كانت خدمات الدفع الرقمي وحدها قادرة على خفض كلفة التحويلات المالية.`,
		zh: `仅靠数字支付服务能否降低汇款成本。`,
		ru: `Могут ли одни лишь цифровые платёжные услуги снизить стоимость денежных переводов.`,
	},
	{
		en: `Migrants in transit need protection, whatever their status.`,
		fr: `Les migrants en transit ont besoin de protection, quel que soit leur statut.`,
		es: `Los migrantes en tránsito necesitan protección, sea cual sea su situación migratoria.`,
		ar: `يحتاج المهاجرون العابرون إلى الحماية أيًّا كان وضعهم.`,
		zh: `过境移民无论身份如何都需要保护。`,
		ru: `Мигранты в пути нуждаются в защите независимо от их статуса.`,
	},
	{
		en: `Whether displacement caused by disasters belongs in a compact on migration.`,
		fr: `La question de savoir si les déplacements causés par les catastrophes relèvent d'un pacte sur les migrations.`,
		es: `Si los desplazamientos causados por desastres tienen cabida en un pacto sobre migración.`,
		ar: `ما إذا كان النزوح الناجم عن الكوارث يندرج في اتفاق بشأن الهجرة.`,
		zh: `灾害造成的流离失所是否应纳入关于移民的契约。`,
		ru: `Относится ли перемещение населения, вызванное бедствиями, к договору о миграции.`,
	},
	{
		en: `Migrant workers should not pay recruitment fees.`,
		fr: `Les travailleurs migrants ne devraient pas payer de frais de recrutement.`,
		es: `Los trabajadores migrantes no deberían pagar comisiones de contratación.`,
		ar: `لا ينبغي أن يدفع العمال المهاجرون رسوم التوظيف.`,
		zh: `移民工人不应支付招聘费。`,
		ru: `Трудящиеся-мигранты не должны платить сборы за наём.`,
	},
	{
		en: `How far countries of destination should recognise skills acquired in countries of origin.`,
		fr: `La mesure dans laquelle les pays de destination devraient reconnaître les compétences acquises dans les pays d'origine.`,
		es: `Hasta qué punto los países de destino deberían reconocer las competencias adquiridas en los países de origen.`,
		ar: `مدى اعتراف بلدان المقصد بالمهارات المكتسبة في بلدان المنشأ.`,
		zh: `目的地国应在多大程度上承认在原籍国获得的技能。`,
		ru: `В какой мере страны назначения должны признавать квалификацию, полученную в странах происхождения.`,
	},
	{
		en: `Conclusions repeated across groups`,
		fr: `Conclusions communes à plusieurs groupes`,
		es: `Conclusiones repetidas en varios grupos`,
		ar: `الاستنتاجات المتكررة عبر الأفرقة`,
		zh: `各组共同的结论`,
		ru: `Выводы, повторяющиеся в нескольких группах`,
	},
	{
		en: `Regular pathways for labour migration (in 3 of 3 groups)`,
		fr: `Voies régulières de migration de main-d'œuvre (dans 3 groupes sur 3)`,
		es: `Vías regulares de migración laboral (en 3 de 3 grupos)`,
		ar: `المسارات النظامية لهجرة اليد العاملة (في 3 من 3 أفرقة)`,
		zh: `正常劳务移民渠道（3/3个组）`,
		ru: `Легальные пути трудовой миграции (в 3 из 3 групп)`,
	},
	{
		en: `Migration data (in 2 of 3 groups)`,
		fr: `Données migratoires (dans 2 groupes sur 3)`,
		es: `Datos migratorios (en 2 de 3 grupos)`,
		ar: `بيانات الهجرة (في 2 من 3 أفرقة)`,
		zh: `移民数据（2/3个组）`,
		ru: `Миграционные данные (в 2 из 3 групп)`,
	},
	{
		en: `Overall recommendations to the GCM co-facilitators`,
		fr: `Recommandations générales aux co-facilitateurs du PMM`,
		es: `Recomendaciones generales a los cofacilitadores del PMM`,
		ar: `التوصيات العامة إلى الميسِّرَين المشاركَين للاتفاق العالمي`,
		zh: `向《全球移民契约》共同协调人提出的总体建议`,
		ru: `Общие рекомендации сокоординаторам ГДМ`,
	},
	{
		en: `Expand regular pathways for labour migration, within regions and between them, with recognition of migrants' skills.`,
		fr: `Élargir les voies régulières de migration de main-d'œuvre, au sein des régions et entre elles, avec la reconnaissance des compétences des migrants.`,
		es: `Ampliar las vías regulares de migración laboral, dentro de las regiones y entre ellas, con el reconocimiento de las competencias de los migrantes.`,
		ar: `توسيع المسارات النظامية لهجرة اليد العاملة، داخل المناطق وفيما بينها، مع الاعتراف بمهارات المهاجرين.`,
		zh: `扩大区域内部和区域之间的正常劳务移民渠道，并承认移民的技能。`,
		ru: `Расширить легальные пути трудовой миграции внутри регионов и между ними с признанием квалификации мигрантов.`,
	},
	{
		en: `Invest in the capacity of national statistics offices to collect, compare and share migration data, with safeguards for personal data.`,
		fr: `Investir dans la capacité des offices nationaux de statistique à collecter, comparer et partager des données migratoires, avec des garanties pour les données personnelles.`,
		es: `Invertir en la capacidad de las oficinas nacionales de estadística para recopilar, comparar y compartir datos migratorios, con salvaguardias para los datos personales.`,
		ar: `الاستثمار في قدرات مكاتب الإحصاء الوطنية على جمع بيانات الهجرة ومقارنتها وتبادلها، مع ضمانات لحماية البيانات الشخصية.`,
		zh: `投资于国家统计局收集、比较和共享移民数据的能力，同时保护个人数据。`,
		ru: `Вкладывать средства в потенциал национальных статистических управлений по сбору и сопоставлению миграционных данных и обмену ими с гарантиями защиты персональных данных.`,
	},
	{
		en: `Invest in the capacity of national statistics offices to collect, compare and share migration data.`,
		fr: `Investir dans la capacité des offices nationaux de statistique à collecter, comparer et partager des données migratoires.`,
		es: `Invertir en la capacidad de las oficinas nacionales de estadística para recopilar, comparar y compartir datos migratorios.`,
		ar: `الاستثمار في قدرات مكاتب الإحصاء الوطنية على جمع بيانات الهجرة ومقارنتها وتبادلها.`,
		zh: `投资于国家统计局收集、比较和共享移民数据的能力。`,
		ru: `Вкладывать средства в потенциал национальных статистических управлений по сбору и сопоставлению миграционных данных и обмену ими.`,
	},
	{
		en: `Protect migrant workers from recruitment fees and regulate recruitment agencies.`,
		fr: `Protéger les travailleurs migrants contre les frais de recrutement et réglementer les agences de recrutement.`,
		es: `Proteger a los trabajadores migrantes de las comisiones de contratación y regular las agencias de contratación.`,
		ar: `حماية العمال المهاجرين من رسوم التوظيف وتنظيم وكالات التوظيف.`,
		zh: `保护移民工人免于支付招聘费，并规范招聘机构。`,
		ru: `Защищать трудящихся-мигрантов от сборов за наём и регулировать деятельность кадровых агентств.`,
	},
	{
		en: `Make remittance transfers cheaper and safer, in line with the 2030 Agenda for Sustainable Development.`,
		fr: `Rendre les transferts de fonds moins coûteux et plus sûrs, conformément au Programme de développement durable à l'horizon 2030.`,
		es: `Abaratar los envíos de remesas y hacerlos más seguros, en consonancia con la Agenda 2030 para el Desarrollo Sostenible.`,
		ar: `جعل التحويلات المالية أقل كلفة وأكثر أمانًا، بما يتماشى مع خطة التنمية المستدامة لعام 2030.`,
		zh: `根据《2030年可持续发展议程》，使汇款更便宜、更安全。`,
		ru: `Сделать денежные переводы дешевле и безопаснее в соответствии с Повесткой дня в области устойчивого развития на период до 2030 года.`,
	},
	{
		en: `Annex 1: provenance of overall recommendation 1`,
		fr: `Annexe 1 : provenance de la recommandation générale 1`,
		es: `Anexo 1: procedencia de la recomendación general 1`,
		ar: `المرفق 1: مصدر التوصية العامة 1`,
		zh: `附件1：总体建议1的来源`,
		ru: `Приложение 1: происхождение общей рекомендации 1`,
	},
	{
		en: `Annex 2: provenance of overall recommendation 2`,
		fr: `Annexe 2 : provenance de la recommandation générale 2`,
		es: `Anexo 2: procedencia de la recomendación general 2`,
		ar: `المرفق 2: مصدر التوصية العامة 2`,
		zh: `附件2：总体建议2的来源`,
		ru: `Приложение 2: происхождение общей рекомендации 2`,
	},
	{
		en: `Annex 3: provenance of overall recommendation 3`,
		fr: `Annexe 3 : provenance de la recommandation générale 3`,
		es: `Anexo 3: procedencia de la recomendación general 3`,
		ar: `المرفق 3: مصدر التوصية العامة 3`,
		zh: `附件3：总体建议3的来源`,
		ru: `Приложение 3: происхождение общей рекомендации 3`,
	},
	{
		en: `Drawn from the theme "Regular pathways for labour migration"; place 1 of 3 in the plenary's count (schulze, 9 ballots).`,
		fr: `Tirée du thème « Voies régulières de migration de main-d'œuvre » ; rang 1 sur 3 au décompte de la plénière (schulze, 9 bulletins).`,
		es: `Tomada del tema «Vías regulares de migración laboral»; puesto 1 de 3 en el recuento del plenario (schulze, 9 papeletas).`,
		ar: `مستمدة من موضوع "المسارات النظامية لهجرة اليد العاملة"؛ المرتبة 1 من 3 في فرز الجلسة العامة (schulze، 9 بطاقات).`,
		zh: `源自主题“正常劳务移民渠道”；在全体会议计票中排名第1（共3项）（schulze，9张选票）。`,
		ru: `Взята из темы «Легальные пути трудовой миграции»; место 1 из 3 в подсчёте пленарного заседания (schulze, бюллетеней: 9).`,
	},
	{
		en: `Drawn from the theme "Migration data"; place 2 of 3 in the plenary's count (schulze, 9 ballots).`,
		fr: `Tirée du thème « Données migratoires » ; rang 2 sur 3 au décompte de la plénière (schulze, 9 bulletins).`,
		es: `Tomada del tema «Datos migratorios»; puesto 2 de 3 en el recuento del plenario (schulze, 9 papeletas).`,
		ar: `مستمدة من موضوع "بيانات الهجرة"؛ المرتبة 2 من 3 في فرز الجلسة العامة (schulze، 9 بطاقات).`,
		zh: `源自主题“移民数据”；在全体会议计票中排名第2（共3项）（schulze，9张选票）。`,
		ru: `Взята из темы «Миграционные данные»; место 2 из 3 в подсчёте пленарного заседания (schulze, бюллетеней: 9).`,
	},
	{
		en: `Drawn from the theme "Fair recruitment"; place 3 of 3 in the plenary's count (schulze, 9 ballots).`,
		fr: `Tirée du thème « Recrutement équitable » ; rang 3 sur 3 au décompte de la plénière (schulze, 9 bulletins).`,
		es: `Tomada del tema «Contratación equitativa»; puesto 3 de 3 en el recuento del plenario (schulze, 9 papeletas).`,
		ar: `مستمدة من موضوع "التوظيف العادل"؛ المرتبة 3 من 3 في فرز الجلسة العامة (schulze، 9 بطاقات).`,
		zh: `源自主题“公平招聘”；在全体会议计票中排名第3（共3项）（schulze，9张选票）。`,
		ru: `Взята из темы «Добросовестный наём»; место 3 из 3 в подсчёте пленарного заседания (schulze, бюллетеней: 9).`,
	},
	{
		en: `Group statements behind it`,
		fr: `Énoncés des groupes à l'origine`,
		es: `Declaraciones de los grupos que la sustentan`,
		ar: `بيانات الأفرقة التي تستند إليها`,
		zh: `其依据的分组陈述`,
		ru: `Положения групп, на которых она основана`,
	},
	{
		en: `Group`,
		fr: `Groupe`,
		es: `Grupo`,
		ar: `الفريق`,
		zh: `小组`,
		ru: `Группа`,
	},
	{
		en: `Statement`,
		fr: `Énoncé`,
		es: `Declaración`,
		ar: `البيان`,
		zh: `陈述`,
		ru: `Положение`,
	},
	{
		en: `Agree`,
		fr: `D'accord`,
		es: `De acuerdo`,
		ar: `موافق`,
		zh: `同意`,
		ru: `За`,
	},
	{
		en: `Disagree`,
		fr: `Pas d'accord`,
		es: `En desacuerdo`,
		ar: `غير موافق`,
		zh: `不同意`,
		ru: `Против`,
	},
	{
		en: `Pass`,
		fr: `Passe`,
		es: `Paso`,
		ar: `امتناع`,
		zh: `跳过`,
		ru: `Пропуск`,
	},
	{
		en: `Place in the group`,
		fr: `Rang dans le groupe`,
		es: `Puesto en el grupo`,
		ar: `المرتبة في الفريق`,
		zh: `组内排名`,
		ru: `Место в группе`,
	},
	{
		en: `Partners' recommendations and actionable commitments`,
		fr: `Recommandations et engagements concrets des partenaires`,
		es: `Recomendaciones y compromisos concretos de los asociados`,
		ar: `توصيات الشركاء والتزاماتهم القابلة للتنفيذ`,
		zh: `合作伙伴的建议和可行承诺`,
		ru: `Рекомендации и практические обязательства партнёров`,
	},
	{
		en: `Make remittance transfers cheaper and safer through digital payment services. (Africa)`,
		fr: `Rendre les transferts de fonds moins coûteux et plus sûrs grâce aux services de paiement numérique. (Afrique)`,
		es: `Abaratar los envíos de remesas y hacerlos más seguros mediante servicios de pago digital. (África)`,
		ar: `جعل التحويلات المالية أقل كلفة وأكثر أمانًا من خلال خدمات الدفع الرقمي. (أفريقيا)`,
		zh: `通过数字支付服务使汇款更便宜、更安全。（非洲）`,
		ru: `Сделать денежные переводы дешевле и безопаснее с помощью цифровых платёжных услуг. (Африка)`,
	},
	{
		en: `Build the capacity of statistics offices to share comparable migration data across the region. (Asia and the Pacific)`,
		fr: `Renforcer la capacité des offices de statistique à partager des données migratoires comparables dans toute la région. (Asie et Pacifique)`,
		es: `Fortalecer la capacidad de las oficinas de estadística para compartir datos migratorios comparables en toda la región. (Asia y el Pacífico)`,
		ar: `بناء قدرات مكاتب الإحصاء على تبادل بيانات هجرة قابلة للمقارنة في أنحاء المنطقة. (آسيا والمحيط الهادئ)`,
		zh: `加强统计部门在整个区域共享可比移民数据的能力。（亚洲及太平洋）`,
		ru: `Укрепить потенциал статистических управлений по обмену сопоставимыми миграционными данными в масштабах региона. (Азия и Тихий океан)`,
	},
}
