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
