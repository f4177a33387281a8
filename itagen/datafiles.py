"""Machine-readable files published beside the pages (placeholder: filled in by the sections work)."""


def generated_files(project) -> list[tuple[str, bytes]]:
    """(url, bytes) of every generated data file: procurement XLSX/CSV/JSON, QR PNG."""
    return []
