package redact

import "strings"

// Text masks credentials inside free text: the password of URL user info
// (scheme://user:password@host), values of secret keys in key=value pairs
// (query strings, JDBC and ODBC property lists) and the credentials after an
// Authorization scheme (Bearer, Basic, Token).
func Text(s string) string {
	s = maskUserInfo(s)
	s = maskPairs(s)
	return maskSchemes(s)
}

// stop reports a character that ends a value in text.
func stop(c byte) bool {
	return c == '&' || c == ';' || c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '}' || c == ')' || c == ']'
}

// maskUserInfo masks the password of every scheme://user:password@host.
func maskUserInfo(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		start := i + 3
		end := start
		for end < len(s) && s[end] != '/' && s[end] != '?' && s[end] != '#' && !stop(s[end]) {
			end++
		}
		authority := s[start:end]
		at := strings.LastIndex(authority, "@")
		colon := strings.Index(authority, ":")
		if at < 0 || colon < 0 || colon > at {
			b.WriteString(s[:end])
			s = s[end:]
			continue
		}
		b.WriteString(s[:start+colon+1])
		b.WriteString(Mask)
		b.WriteString(s[start+at : end])
		s = s[end:]
	}
}

// maskPairs masks the value of every key=value pair whose key names a secret.
func maskPairs(s string) string {
	var b strings.Builder
	pos := 0
	for {
		i := strings.IndexByte(s[pos:], '=')
		if i < 0 {
			break
		}
		eq := pos + i
		k := eq
		for k > pos && keyChar(s[k-1]) {
			k--
		}
		end := eq + 1
		for end < len(s) && !stop(s[end]) {
			end++
		}
		b.WriteString(s[pos : eq+1])
		pos = eq + 1
		if k < eq && SecretKey(s[k:eq]) && end > pos {
			b.WriteString(Mask)
			pos = end
		}
	}
	b.WriteString(s[pos:])
	return b.String()
}

func keyChar(c byte) bool {
	return c == '_' || c == '-' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// maskSchemes masks the credentials after "Bearer ", "Basic " and "Token ".
func maskSchemes(s string) string {
	lower := strings.ToLower(s)
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		for _, scheme := range []string{"bearer ", "basic ", "token "} {
			if !strings.HasPrefix(lower[i:], scheme) || (i > 0 && keyChar(s[i-1])) {
				continue
			}
			start := i + len(scheme)
			for start < len(s) && s[start] == ' ' {
				start++
			}
			end := start
			for end < len(s) && !stop(s[end]) {
				end++
			}
			if end > start {
				b.WriteString(s[last:start])
				b.WriteString(Mask)
				last, i = end, end-1
			}
			break
		}
	}
	b.WriteString(s[last:])
	return b.String()
}
