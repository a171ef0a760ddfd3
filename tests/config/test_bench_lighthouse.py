"""The budgets read from a Lighthouse report (bench/lighthouse.py), on a report made by hand:
the scores, the layout shift, and the audits that break a budget."""

from bench import lighthouse


def report(*, accessibility=1.0, cls=0.0, unsized=1.0) -> dict:
    audits = {
        "cumulative-layout-shift": {"numericValue": cls, "score": 1.0, "title": "CLS"},
        "largest-contentful-paint": {"numericValue": 1500.4, "score": 1.0, "title": "LCP"},
        "total-blocking-time": {"numericValue": 12.6, "score": 1.0, "title": "TBT"},
        "total-byte-weight": {"numericValue": 100 * 1024, "score": 1.0, "title": "Bytes"},
        "unsized-images": {"score": unsized, "title": "Images without a size"},
        "color-contrast": {"score": accessibility, "title": "Contrast"},
        "uses-http2": {"score": 0, "title": "HTTP/2"},
    }
    categories = {
        "performance": {
            "score": 0.97,
            "auditRefs": [{"id": "unsized-images", "weight": 0}, {"id": "uses-http2", "weight": 0}],
        },
        "accessibility": {
            "score": accessibility,
            "auditRefs": [{"id": "color-contrast", "weight": 7}],
        },
        "best-practices": {"score": 1.0, "auditRefs": []},
        "seo": {"score": 1.0, "auditRefs": []},
    }
    return {"audits": audits, "categories": categories}


def test_a_page_within_its_budgets_reports_its_figures_and_no_problem():
    found = lighthouse.summary(report())

    assert found["scores"] == {
        "performance": 97,
        "accessibility": 100,
        "best-practices": 100,
        "seo": 100,
    }
    assert (found["lcp_ms"], found["tbt_ms"], found["transfer_kb"]) == (1500, 13, 100)
    assert found["failing"] == []
    assert lighthouse.over_budget("gallery", "mobile", found) == []


def test_a_shifting_page_with_an_unsized_image_and_a_contrast_error_breaks_its_budget():
    found = lighthouse.summary(report(accessibility=0.0, cls=0.2, unsized=0.5))

    problems = lighthouse.over_budget("gallery", "mobile", found)

    assert found["failing"] == [
        "color-contrast (Contrast)",
        "unsized-images (Images without a size)",
    ]
    assert problems == [
        "gallery (mobile): accessibility 0 < 100",
        "gallery (mobile): CLS 0.2 > 0.05",
        "gallery (mobile): unsized-images (Images without a size)",
    ]
