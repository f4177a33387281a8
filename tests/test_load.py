from itagen.load import load_project

PLAN = """\
plan:
  title: แผนดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2568
projects:
  - name: ก่อสร้างถนน
    budget: 500000
"""


def test_minimal_project_loads(project):
    proj, findings = load_project(project())
    assert not findings, findings.items
    assert proj.agency.eit_url == "https://itas.nacc.go.th/go/eit/abc123"
    assert proj.agency.is_local


def test_yearly_file_gets_its_year(project):
    proj, findings = load_project(project({"content/plans/2568.yaml": PLAN}))
    assert not findings.errors
    assert proj.plans[2568].year == 2568 and proj.years == [2568]


def test_ce_year_file_name_is_a_finding(project):
    _, findings = load_project(project({"content/plans/2025.yaml": PLAN}))
    [item] = findings.items
    assert item.file == "content/plans/2025.yaml" and "2568" in item.th


def test_findings_from_many_files_are_collected(project):
    root = project({"content/plans/2568.yaml": "plan: [\n",
                    "content/laws.yaml": "laws:\n  - titel: x\n",
                    "content/news/a-post.md": "---\ntitle: ข่าว\n---\nbody\n"})
    _, findings = load_project(root)
    files = sorted({item.file for item in findings.errors})
    assert files == ["content/laws.yaml", "content/news/a-post.md", "content/plans/2568.yaml"]


def test_stray_and_misnamed_files_warn(project):
    root = project({"content/procurment/2568.yaml": "x: 1\n", "content/news/ข่าว.md": "---\n"})
    _, findings = load_project(root)
    assert [f.file for f in findings.warnings] == ["content/procurment/2568.yaml"]
    assert [f.file for f in findings.errors] == ["content/news/ข่าว.md"]


def test_empty_file(project):
    _, findings = load_project(project({"content/laws.yaml": "  \n"}))
    assert findings.items[0].file == "content/laws.yaml" and "ว่าง" in findings.items[0].th


def test_missing_agency(project, tmp_path):
    root = project()
    (root / "content" / "agency.yaml").unlink()
    _, findings = load_project(root)
    assert findings.items[0].file == "content/agency.yaml"


def test_reuse_gives_the_same_result_as_a_fresh_load_after_each_edit(project):
    """serve's rebuilds reuse unchanged files; after each kind of edit, reuse must see exactly
    what a fresh load sees: an edited file, an attachment removed (its YAML unchanged), restored."""
    import os
    import time

    plan = PLAN.replace("plan:\n", "plan:\n  documents:\n    - title: แผน\n      file: files/plan.pdf\n")
    root = project({"content/plans/2568.yaml": plan, "content/files/plan.pdf": b"%PDF-1.4 x"})

    def both():
        fresh = load_project(root)
        reused = load_project(root, reuse=True)
        assert [f.en for f in reused[1].items] == [f.en for f in fresh[1].items]
        assert reused[0].attachments == fresh[0].attachments
        return reused

    first, findings = both()
    assert not findings.errors and first.plans[2568].projects[0].budget == 500000
    again, _ = load_project(root, reuse=True)
    assert again.plans[2568] is first.plans[2568]  # unchanged: the same object, not re-parsed
    (root / "content/plans/2568.yaml").write_text(plan.replace("500000", "600000"), "utf-8")
    edited, _ = both()
    assert edited.plans[2568].projects[0].budget == 600000
    (root / "content/files/plan.pdf").unlink()
    _, findings = both()
    assert any("files/plan.pdf" in f.en for f in findings.errors)
    time.sleep(0.01)
    (root / "content/files/plan.pdf").write_bytes(b"%PDF-1.4 y")
    os.utime(root / "content/files/plan.pdf")
    restored, findings = both()
    assert not findings.errors and "files/plan.pdf" in restored.attachments
