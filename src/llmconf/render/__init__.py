"""Renderers: pure functions from a plan or an apply report to text."""
