uv pip install --no-deps plugin.whl || true
exec uv run app.py
