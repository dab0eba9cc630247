"""The command line as people type it: query words that start with '-' (`-gold`, meaning NOT
gold) are query words, not options; and click's usage errors become one line (and a usage hint)
instead of a box."""

from __future__ import annotations

import click

# commands whose arguments are queries or article ids: a word there may start with '-'
QUERY_COMMANDS = ("query", "timeline", "terms", "show", "similar")
HELP = ("-h", "--help")


def _takes_value(command: click.Command) -> dict[str, click.Option | None]:
    """Every option name of `command` -> the option when it takes a value, None for a flag."""
    names: dict[str, click.Option | None] = dict.fromkeys(HELP)
    for param in command.params:
        if isinstance(param, click.Option):
            for name in (*param.opts, *param.secondary_opts):
                names[name] = None if param.is_flag or param.count else param
    return names


def _attached(option: click.Option, value: str) -> bool:
    """Whether `-n5` / `-fjson` is this option with its value written on: only a value the
    option would take (so `-nato` stays a query word, not `--limit ato`)."""
    kind = option.type
    if isinstance(kind, click.Choice):
        return value in [str(c.value if hasattr(c, "value") else c) for c in kind.choices]
    if isinstance(kind, (click.types.IntParamType, click.IntRange)):
        return value.isdigit()
    return False


def _is_option(arg: str, names: dict[str, click.Option | None]) -> bool:
    if arg in names or arg.startswith("--") and not any(c.isspace() for c in arg):
        return True  # ours, or an unknown --long option: click says which (with a suggestion)
    if len(arg) < 2 or not arg.startswith("-") or any(c.isspace() for c in arg):
        return False
    option = names.get(arg[:2])
    return option is not None and _attached(option, arg[2:])


def protect_dashed_words(group: click.Group, args: list[str]) -> list[str]:
    """The arguments with query words that start with '-' moved behind a `--`, so that click
    takes them as arguments: `query -gold oil -n 5` is `query -n 5 -- -gold oil`."""
    if not args or args[0] not in QUERY_COMMANDS or args[0] not in group.commands:
        return args
    names = _takes_value(group.commands[args[0]])
    options: list[str] = []
    words: list[str] = []
    rest = args[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            words += rest[i + 1:]
            break
        if _is_option(arg, names):
            options.append(arg)
            if names.get(arg) is not None and i + 1 < len(rest):  # its value, whatever it looks like
                i += 1
                options.append(rest[i])
        else:
            words.append(arg)
        i += 1
    if not any(w.startswith("-") for w in words):
        return args
    return [args[0], *options, "--", *words]


def _flag(param: click.Parameter | None) -> str:
    if param is None:
        return ""
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return (param.human_readable_name or param.name or "").upper()


def _said(exc: click.UsageError) -> str:
    """The error in our words, on one line."""
    ctx = exc.ctx
    command = ctx.command.name if ctx is not None else ""
    if isinstance(exc, click.NoSuchOption):
        said = f"no such option {exc.option_name}"
        if exc.possibilities:
            said += f" (did you mean {exc.possibilities[0]}?)"
        elif command in QUERY_COMMANDS:
            import shlex

            said += (f" (a query that starts with - goes after --: newssearch {command} -- "
                     f"{shlex.quote(exc.option_name)})")
        return said
    if isinstance(exc, click.MissingParameter):
        kind = "option" if isinstance(exc.param, click.Option) else "argument"
        return f"missing {kind} {_flag(exc.param)}"
    if isinstance(exc, click.BadParameter):
        kind = exc.param.type if exc.param is not None else None
        ranged = isinstance(kind, (click.IntRange, click.FloatRange)) and kind.max is None
        if ranged and kind.min is not None and "not in the range" in exc.message:
            return f"{_flag(exc.param)} must be at least {kind.min}"
        said = exc.message.rstrip(".").replace("valid integer range", "valid integer")
        return f"{_flag(exc.param)}: {said}" if exc.param else said
    message = exc.message.rstrip(".")
    if isinstance(exc, click.BadOptionUsage) and message.endswith("requires an argument"):
        return f"{exc.option_name} needs a value"
    if message.startswith("No such command") and ctx is not None and isinstance(ctx.command, click.Group):
        return _no_such_command(message, list(ctx.command.commands))
    if message.startswith("Got unexpected extra argument"):
        extra = message.partition("(")[2].rstrip(")")
        return f"unexpected extra argument{'s' if ' ' in extra else ''}: {extra}"
    return message[:1].lower() + message[1:]


def _no_such_command(message: str, commands: list[str]) -> str:
    import difflib

    name = message.partition("'")[2].rpartition("'")[0]
    close = difflib.get_close_matches(name, commands, n=1, cutoff=0.7)
    hint = f"did you mean {close[0]}?" if close else f"the commands: {', '.join(commands)}"
    return f"no such command {name!r} ({hint})"


def usage_error(exc: click.UsageError) -> list[str]:
    """One line saying what is wrong, and a usage hint when the line's shape is wrong (not for a
    bad value: the line says which option and why)."""
    lines = [f"newssearch: error: {_said(exc)}"]
    bad_value = isinstance(exc, click.BadParameter) and not isinstance(exc, click.MissingParameter)
    if exc.ctx is not None and not bad_value:
        usage = exc.ctx.get_usage().replace("Usage: ", "usage: ", 1)
        lines.append(f"{' '.join(usage.split())} (-h for help)")
    return lines
