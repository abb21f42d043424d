"""Run the command-line tool: `python -m wla_site`."""

from wla_site.cli.main import run

run()
