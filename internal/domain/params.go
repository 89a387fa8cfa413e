package domain

// A notification stores facts, not words (docs/FOLLOW-UP.md,
// "Reminders"): its params hold the names and titles it speaks of as they
// were when it was made. A name that has translations carries them too,
// each under the param's key, a dot and the language ("group.ar"), so that
// each reader is told in their language when the notification is shown or
// e-mailed.

// TranslatedParams adds to params the translations of the param key, by
// language (key + "." + language). The original stays under key; empty
// translations are left out.
func TranslatedParams(params map[string]string, key string, byLang map[string]string) {
	for lang, v := range byLang {
		if v != "" && lang != "" {
			params[key+"."+lang] = v
		}
	}
}

// LocalParam is the param key in lang: its translation when params carry
// one ([TranslatedParams]), else the original.
func LocalParam(params map[string]string, key, lang string) string {
	if v := params[key+"."+lang]; v != "" {
		return v
	}
	return params[key]
}
