"""``sendtriage stats`` for a person: one table per section, counts right-aligned."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.table import Table


def _words(key: str) -> str:
    return key.replace("_", " ")


def stats_tables(data: Mapping[str, Mapping[str, object]]) -> list[Table]:
    """A table per section of ``compute_stats``' result; a nested count gets indented rows."""
    tables: list[Table] = []
    for section, values in data.items():
        table = Table(title=section.capitalize(), title_justify="left", box=None,
                      show_header=False, pad_edge=False, title_style="bold")
        table.add_column("what")
        table.add_column("count", justify="right")
        for key, value in values.items():
            if isinstance(value, Mapping):
                table.add_row(_words(key) + ":", "" if value else "none")
                for sub, count in value.items():
                    table.add_row("  " + _words(str(sub)), str(count))
            else:
                table.add_row(_words(key), str(value))
        tables.append(table)
    return tables


def print_stats(data: Mapping[str, Mapping[str, object]]) -> None:
    """Print the tables to standard output, plain (no colours) when it is not a terminal."""
    console = Console(highlight=False, soft_wrap=True)
    for table in stats_tables(data):
        console.print(table)
        console.print()
