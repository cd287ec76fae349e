"""Helpers shared by the tests in this folder."""

import json


def notebook(words: int) -> str:
    cell = {"cell_type": "markdown", "metadata": {}, "source": " ".join(["word"] * words)}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
