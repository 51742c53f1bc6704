"""The documentation and worklog site: markdown pages and mkdocs.yml, generated from the model.

`renderer.DocsRenderer` turns the graph into `docs/**.md`, `docs/diagrams/*.png` (the diagrams
renderer's PNGs of the same run) and `mkdocs.yml` (`config`). One module per page family builds
its pages: `overview`, `layers`, `views` (flows and diagrams), `security`, `deployment`,
`worklog`, `kinds`; they share the helpers of `markdown` and the page paths of `site`.
`mkdocs_plugin` regenerates everything on each mkdocs build, so `mkdocs serve` is live.
"""
