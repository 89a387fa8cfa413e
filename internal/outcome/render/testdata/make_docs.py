# Writes the six test documents (outcome-LANG.json). Kept for reference: the
# JSON files are what the tests read.
import json

def doc(lang, title, subtitle, parts):
    return {"language": lang, "title": title, "subtitle": subtitle, "sections": parts}

def sec(key, heading, *blocks):
    return {"key": key, "heading": heading, "blocks": list(blocks)}

def p(i, t): return {"id": "p%02d" % i, "kind": "paragraph", "text": t}
def n(i, t): return {"id": "n%02d" % i, "kind": "note", "text": t}
def h(i, t): return {"id": "h%02d" % i, "kind": "subheading", "text": t}
def tb(i, cap, rows): return {"id": "t%02d" % i, "kind": "table", "text": cap, "rows": rows}

D = {}
D["en"] = doc("en",
 "Report of the Seventh Global Meeting of Chairs and Secretariats of Regional, Inter-regional and Global Consultative Processes on Migration (GRCP 7)",
 "Geneva, 10–11 October 2017\nInter-State Consultation Mechanisms on Migration and the Global Compact for Safe, Orderly and Regular Migration",
 [sec("participants", "Participating bodies",
   n(1, "Under the rule of non-attribution, this report names the bodies that took part, never the persons who spoke."),
   tb(1, "Participation by region", [["Region", "Bodies", "Groups"], ["Africa", "11", "2"], ["Americas", "6", "1"], ["Asia and the Pacific", "7", "2"], ["Europe and Central Asia", "5", "1"]])),
  sec("session:1", "Session 1: Objectives of the meeting",
   p(1, "The meeting took stock of the contributions of inter-State consultation mechanisms on migration (ISCMs) to the consultations on the global compact."),
   p(2, "Participants agreed that regional consultative processes are places of trust where States can speak freely, test ideas and build common positions before global negotiations.")),
  sec("overall", "Overall recommendations transmitted to the co-facilitators",
   h(1, "Recommendations confirmed by the plenary"),
   p(3, "ISCMs should be recognised in the global compact as a primary means of its implementation, follow-up and review at the regional level."),
   p(4, "States should strengthen the exchange of data and good practices between ISCMs, including through a biennial global meeting of chairs and secretariats."),
   p(5, "The global compact should provide for predictable funding of the secretariats of regional processes, so that follow-up does not depend on the next meeting's host."),
   n(2, "A delegation recalled, in Arabic: «ينبغي أن تظل العمليات الاستشارية الإقليمية غير ملزمة وبقيادة الدول»."),
   p(6, "Partnerships with local authorities, civil society, the private sector and migrants themselves should be part of every regional follow-up mechanism.")),
  sec("annex:votes", "Annex: provenance of the overall recommendations",
   tb(2, "Votes of the breakout groups", [["Recommendation", "Groups that ranked it first", "Borda points"], ["Recognise ISCMs in the compact | means of implementation", "4 of 6", "27"], ["Exchange of data and good practices", "1 of 6", "19"], ["Predictable funding of secretariats", "1 of 6", "16"]]),
   p(7, "The counts are those shown by the synthesis of the plenary at the close of Session 2."))])

D["fr"] = doc("fr",
 "Rapport de la septième réunion mondiale des présidents et secrétariats des processus consultatifs régionaux, interrégionaux et mondiaux sur la migration (GRCP 7)",
 "Genève, 10-11 octobre 2017\nMécanismes de consultation inter-États sur la migration et pacte mondial pour des migrations sûres, ordonnées et régulières",
 [sec("participants", "Organismes participants",
   n(1, "Conformément à la règle de non-attribution, le présent rapport nomme les organismes participants, jamais les personnes qui ont pris la parole."),
   tb(1, "Participation par région", [["Région", "Organismes", "Groupes"], ["Afrique", "11", "2"], ["Amériques", "6", "1"], ["Asie et Pacifique", "7", "2"], ["Europe et Asie centrale", "5", "1"]])),
  sec("session:1", "Séance 1 : objectifs de la réunion",
   p(1, "La réunion a fait le point des contributions des mécanismes de consultation inter-États sur la migration (MCIM) aux consultations sur le pacte mondial."),
   p(2, "Les participants sont convenus que les processus consultatifs régionaux sont des lieux de confiance où les États peuvent s’exprimer librement, éprouver des idées et forger des positions communes avant les négociations mondiales.")),
  sec("overall", "Recommandations générales transmises aux cofacilitateurs",
   h(1, "Recommandations confirmées par la plénière"),
   p(3, "Les MCIM devraient être reconnus dans le pacte mondial comme un moyen essentiel de sa mise en œuvre, de son suivi et de son examen au niveau régional."),
   p(4, "Les États devraient renforcer l’échange de données et de bonnes pratiques entre les MCIM, notamment par une réunion mondiale biennale des présidents et des secrétariats."),
   p(5, "Le pacte mondial devrait prévoir un financement prévisible des secrétariats des processus régionaux, afin que le suivi ne dépende pas de l’hôte de la réunion suivante."),
   n(2, "Une délégation a rappelé : « Les processus consultatifs régionaux doivent rester non contraignants et conduits par les États. »"),
   p(6, "Les partenariats avec les autorités locales, la société civile, le secteur privé et les migrants eux-mêmes devraient faire partie de chaque mécanisme régional de suivi.")),
  sec("annex:votes", "Annexe : provenance des recommandations générales",
   tb(2, "Votes des groupes de travail", [["Recommandation", "Groupes qui l’ont classée première", "Points Borda"], ["Reconnaître les MCIM dans le pacte comme moyen de mise en œuvre", "4 sur 6", "27"], ["Échange de données et de bonnes pratiques", "1 sur 6", "19"], ["Financement prévisible des secrétariats", "1 sur 6", "16"]]),
   p(7, "Les chiffres sont ceux de la synthèse de la plénière à la clôture de la séance 2."))])

D["es"] = doc("es",
 "Informe de la Séptima Reunión Mundial de Presidentes y Secretarías de los Procesos Consultivos Regionales, Interregionales y Mundiales sobre Migración (GRCP 7)",
 "Ginebra, 10 y 11 de octubre de 2017\nMecanismos de consulta interestatales sobre migración y el pacto mundial para una migración segura, ordenada y regular",
 [sec("participants", "Entidades participantes",
   n(1, "Conforme a la regla de no atribución, este informe nombra a las entidades participantes, nunca a las personas que intervinieron."),
   tb(1, "Participación por región", [["Región", "Entidades", "Grupos"], ["África", "11", "2"], ["Américas", "6", "1"], ["Asia y el Pacífico", "7", "2"], ["Europa y Asia Central", "5", "1"]])),
  sec("session:1", "Sesión 1: objetivos de la reunión",
   p(1, "La reunión hizo balance de las contribuciones de los mecanismos de consulta interestatales sobre migración (MCIM) a las consultas sobre el pacto mundial."),
   p(2, "Los participantes convinieron en que los procesos consultivos regionales son espacios de confianza donde los Estados pueden hablar con libertad, ensayar ideas y construir posiciones comunes antes de las negociaciones mundiales.")),
  sec("overall", "Recomendaciones generales transmitidas a los cofacilitadores",
   h(1, "Recomendaciones confirmadas por el plenario"),
   p(3, "Los MCIM deberían ser reconocidos en el pacto mundial como un medio principal de su aplicación, seguimiento y examen en el plano regional."),
   p(4, "Los Estados deberían reforzar el intercambio de datos y buenas prácticas entre los MCIM, incluso mediante una reunión mundial bienal de presidentes y secretarías."),
   p(5, "El pacto mundial debería prever una financiación previsible de las secretarías de los procesos regionales, para que el seguimiento no dependa del anfitrión de la próxima reunión."),
   n(2, "Una delegación recordó: «Los procesos consultivos regionales deben seguir siendo no vinculantes y dirigidos por los Estados»."),
   p(6, "Las alianzas con las autoridades locales, la sociedad civil, el sector privado y los propios migrantes deberían formar parte de todo mecanismo regional de seguimiento.")),
  sec("annex:votes", "Anexo: procedencia de las recomendaciones generales",
   tb(2, "Votos de los grupos de trabajo", [["Recomendación", "Grupos que la clasificaron primera", "Puntos Borda"], ["Reconocer a los MCIM en el pacto como medio de aplicación", "4 de 6", "27"], ["Intercambio de datos y buenas prácticas", "1 de 6", "19"], ["Financiación previsible de las secretarías", "1 de 6", "16"]]),
   p(7, "Las cifras son las que muestra la síntesis del plenario al cierre de la sesión 2."))])

D["ar"] = doc("ar",
 "تقرير الاجتماع العالمي السابع لرؤساء وأمانات العمليات الاستشارية الإقليمية والأقاليمية والعالمية المعنية بالهجرة (GRCP 7)",
 "جنيف، 10-11 تشرين الأول/أكتوبر 2017\nآليات التشاور بين الدول بشأن الهجرة والاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية",
 [sec("participants", "الهيئات المشاركة",
   n(1, "عملاً بقاعدة عدم الإسناد، يذكر هذا التقرير الهيئات المشاركة، ولا يذكر أبداً الأشخاص الذين تكلموا."),
   tb(1, "المشاركة حسب المنطقة", [["المنطقة", "الهيئات", "الأفرقة"], ["أفريقيا", "11", "2"], ["الأمريكتان", "6", "1"], ["آسيا والمحيط الهادئ", "7", "2"], ["أوروبا وآسيا الوسطى", "5", "1"]])),
  sec("session:1", "الجلسة 1: أهداف الاجتماع",
   p(1, "استعرض الاجتماع مساهمات آليات التشاور بين الدول بشأن الهجرة في المشاورات المتعلقة بالاتفاق العالمي."),
   p(2, "اتفق المشاركون على أن العمليات الاستشارية الإقليمية أماكن ثقة تستطيع فيها الدول أن تتحدث بحرية وأن تختبر الأفكار وأن تبني مواقف مشتركة قبل المفاوضات العالمية.")),
  sec("overall", "التوصيات العامة المحالة إلى الميسّرين المشاركين",
   h(1, "التوصيات التي أكدتها الجلسة العامة"),
   p(3, "ينبغي الاعتراف بآليات التشاور بين الدول في الاتفاق العالمي بوصفها وسيلة رئيسية لتنفيذه ومتابعته واستعراضه على الصعيد الإقليمي."),
   p(4, "ينبغي للدول أن تعزز تبادل البيانات والممارسات الجيدة بين آليات التشاور، بما في ذلك من خلال اجتماع عالمي يُعقد كل سنتين للرؤساء والأمانات."),
   p(5, "GCM: ينبغي أن ينص الاتفاق العالمي على تمويل يمكن التنبؤ به لأمانات العمليات الإقليمية، حتى لا تتوقف المتابعة على الجهة المضيفة للاجتماع التالي."),
   n(2, "A delegation recalled: “Regional consultative processes must remain non-binding and State-led.”"),
   p(6, "ينبغي أن تكون الشراكات مع السلطات المحلية والمجتمع المدني والقطاع الخاص والمهاجرين أنفسهم جزءاً من كل آلية إقليمية للمتابعة.")),
  sec("annex:votes", "المرفق: مصدر التوصيات العامة",
   tb(2, "أصوات الأفرقة العاملة", [["التوصية", "الأفرقة التي وضعتها في المرتبة الأولى", "نقاط بوردا"], ["الاعتراف بآليات التشاور في الاتفاق بوصفها وسيلة للتنفيذ", "4 من 6", "27"], ["تبادل البيانات والممارسات الجيدة", "1 من 6", "19"], ["تمويل يمكن التنبؤ به للأمانات", "1 من 6", "16"]]),
   p(7, "الأرقام هي تلك التي أظهرها تجميع الجلسة العامة عند اختتام الجلسة 2."))])

D["zh"] = doc("zh",
 "区域、区域间和全球移民问题协商进程主席和秘书处第七次全球会议（GRCP 7）报告",
 "日内瓦，2017年10月10日至11日\n国家间移民问题协商机制与《安全、有序和正常移民全球契约》",
 [sec("participants", "参会机构",
   n(1, "根据不归属原则，本报告列出参会机构，从不列出发言者个人。"),
   tb(1, "按区域分列的参会情况", [["区域", "机构", "小组"], ["非洲", "11", "2"], ["美洲", "6", "1"], ["亚洲及太平洋", "7", "2"], ["欧洲和中亚", "5", "1"]])),
  sec("session:1", "第一场会议：会议目标",
   p(1, "会议盘点了国家间移民问题协商机制对全球契约磋商的贡献。"),
   p(2, "与会者一致认为，区域协商进程是相互信任的场所，各国可以在全球谈判之前自由发言、检验想法并形成共同立场。")),
  sec("overall", "转交共同协调人的总体建议",
   h(1, "全体会议确认的建议"),
   p(3, "全球契约应承认国家间协商机制是在区域层面执行、后续落实和审查契约的主要手段。"),
   p(4, "各国应加强协商机制之间的数据和良好做法交流，包括每两年举行一次主席和秘书处全球会议。"),
   p(5, "全球契约应为区域进程秘书处提供可预测的资金，使后续落实不取决于下一次会议的东道方。"),
   n(2, "一个代表团回顾指出：“区域协商进程必须保持不具约束力并由国家主导。”"),
   p(6, "与地方当局、民间社会、私营部门以及移民本身的伙伴关系，应成为每一个区域后续机制的组成部分。")),
  sec("annex:votes", "附件：总体建议的来源",
   tb(2, "分组投票结果", [["建议", "将其列为第一的小组", "波达计分"], ["在契约中承认协商机制为执行手段", "6个中的4个", "27"], ["数据和良好做法交流", "6个中的1个", "19"], ["秘书处的可预测资金", "6个中的1个", "16"]]),
   p(7, "上述数字为第二场会议结束时全体会议综合结果所显示的数字。"))])

D["ru"] = doc("ru",
 "Доклад о седьмом Глобальном совещании председателей и секретариатов региональных, межрегиональных и глобальных консультативных процессов по миграции (GRCP 7)",
 "Женева, 10–11 октября 2017 года\nМежгосударственные консультативные механизмы по миграции и Глобальный договор о безопасной, упорядоченной и легальной миграции",
 [sec("participants", "Участвующие органы",
   n(1, "В соответствии с правилом неатрибуции в настоящем докладе названы участвующие органы, но никогда не выступавшие лица."),
   tb(1, "Участие по регионам", [["Регион", "Органы", "Группы"], ["Африка", "11", "2"], ["Америка", "6", "1"], ["Азия и Тихий океан", "7", "2"], ["Европа и Центральная Азия", "5", "1"]])),
  sec("session:1", "Заседание 1: цели совещания",
   p(1, "Совещание подвело итоги вклада межгосударственных консультативных механизмов по миграции (МКММ) в консультации по глобальному договору."),
   p(2, "Участники согласились с тем, что региональные консультативные процессы являются площадками доверия, где государства могут свободно высказываться, проверять идеи и вырабатывать общие позиции до глобальных переговоров.")),
  sec("overall", "Общие рекомендации, переданные сокоординаторам",
   h(1, "Рекомендации, подтверждённые пленарным заседанием"),
   p(3, "МКММ следует признать в глобальном договоре одним из основных средств его осуществления, последующей деятельности и обзора на региональном уровне."),
   p(4, "Государствам следует укреплять обмен данными и передовой практикой между МКММ, в том числе путём проведения раз в два года глобального совещания председателей и секретариатов."),
   p(5, "Глобальный договор должен предусматривать предсказуемое финансирование секретариатов региональных процессов, чтобы последующая деятельность не зависела от принимающей стороны следующего совещания."),
   n(2, "Одна из делегаций напомнила: «Региональные консультативные процессы должны оставаться необязательными и осуществляться под руководством государств»."),
   p(6, "Партнёрства с местными органами власти, гражданским обществом, частным сектором и самими мигрантами должны быть частью каждого регионального механизма последующей деятельности.")),
  sec("annex:votes", "Приложение: происхождение общих рекомендаций",
   tb(2, "Голосование рабочих групп", [["Рекомендация", "Группы, поставившие её на первое место", "Баллы Борда"], ["Признать МКММ в договоре средством осуществления", "4 из 6", "27"], ["Обмен данными и передовой практикой", "1 из 6", "19"], ["Предсказуемое финансирование секретариатов", "1 из 6", "16"]]),
   p(7, "Приведены цифры, которые показывал итог пленарного заседания при закрытии заседания 2."))])

for lang, d in D.items():
    with open("outcome-%s.json" % lang, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1)
        f.write("\n")
