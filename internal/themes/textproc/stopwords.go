package textproc

import "strings"

// Stop words: the function words of each language, which carry no theme.
// Kept short on purpose: a word that might carry meaning in a statement
// ("not", "all", "new") stays in.
var stopWords = map[string]map[string]bool{
	English: set(`a an the and or but if of to in on at by for with from into onto about as is are was were be been being am
		this that these those it its it's he she they them their his her we our you your i me my him us who whom which what
		there here than then so such do does did doing has have had having will would shall should can could may might must
		s t don't isn't aren't not no nor very too also just some any each other more most own same only both few over under
		while during before after above below up down out off again further once all`),
	French: set(`le la les l un une des du de d et ou mais donc or ni car à au aux en dans par pour sur sous avec sans entre
		ce cet cette ces c ça cela ceci il elle ils elles on nous vous je j tu me m te t se s lui leur leurs eux y
		son sa ses mon ma mes ton ta tes notre nos votre vos qui que qu quoi dont où
		est sont était étaient être été a ont avait avaient avoir eu sera seront fait font
		ne n pas plus très aussi comme si tout tous toute toutes même autre autres`),
	Spanish: set(`el la los las lo un una unos unas de del al a y e o u ni pero sino que en con por para sin sobre entre hacia
		desde hasta es son era eran ser sido fue fueron está están estaba estar ha han había haber he
		se le les me te nos os mi mis tu tus su sus nuestro nuestra nuestros nuestras este esta estos estas ese esa esos esas
		aquel aquella esto eso él ella ellos ellas yo tú usted ustedes nosotros como más muy también si ya cuando donde
		quien cual cuales otro otra otros otras todo toda todos todas`),
	Russian: set(`и в во не что он она оно они на я с со как а то все всё так его ее её их им ей ему но да ты к у же вы за бы по
		только мне было вот от меня еще ещё нет о из ему теперь когда даже ну ли если уже или ни быть был была были
		него до вас нибудь опять уж вам ведь там потом себя себе ничего может они тут где есть надо ней для мы тебя
		чем сам чтобы без будто чего раз тоже под будет ж тогда кто этот этого этой этом эти это этих тот того той
		том те тех при который которая которые которого которой которых также очень`),
	Arabic: set(`في من على الى إلى عن مع هذا هذه ذلك تلك التي الذي الذين اللذين ان أن إن او أو ثم قد لا لم لن ما كان كانت
		يكون تكون هو هي هم هن نحن انت أنت انا أنا كل بعض غير بين حتى عند عندما كما لقد وقد وفي ومن وعلى و ف ب ل ك
		اي أي ايضا أيضا هناك هنا به بها له لها لهم منه منها فيه فيها عليه عليها اليه اليها`),
}

// zhStop holds Chinese function words and particles, as segmented.
var zhStop = set(`的 了 和 是 在 也 就 都 而 及 与 著 着 或 一个 没有 我们 你们 他们 她们 它们 这 那 这个 那个 之 其 于 为 以 被 把 给 从
	对 向 个 吗 呢 吧 啊 得 地 所 等 正在`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[Normalize(w)] = true
	}
	return m
}

// IsStopWord reports whether word (normalised) is a stop word in lang.
func IsStopWord(lang, word string) bool {
	if lang == Chinese {
		return zhStop[word]
	}
	return stopWords[lang][word]
}
