// The slice of ncursesw the TerminalUI driver uses, made importable by Swift 6:
// the wide-character API (SwiftPM drops pkg-config's _XOPEN_SOURCE, so it is switched
// on here), accessors for the C globals and attribute macros Swift cannot touch, and
// the few POSIX calls the crash handler needs.
#ifndef SMROLE_CNCURSESW_SHIM_H
#define SMROLE_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>
#include <termios.h>
#include <unistd.h>
#include <signal.h>
#include <wchar.h>

static inline WINDOW *smrole_stdscr(void) { return stdscr; }
static inline int smrole_lines(void) { return LINES; }
static inline int smrole_cols(void) { return COLS; }
static inline attr_t smrole_a_normal(void) { return A_NORMAL; }
static inline attr_t smrole_a_bold(void) { return A_BOLD; }
static inline attr_t smrole_a_reverse(void) { return A_REVERSE; }
static inline attr_t smrole_a_underline(void) { return A_UNDERLINE; }
static inline attr_t smrole_a_dim(void) { return A_DIM; }
static inline const char *smrole_codeset(void) { return nl_langinfo(CODESET); }
static inline int smrole_key_max(void) { return KEY_MAX; }

#endif
