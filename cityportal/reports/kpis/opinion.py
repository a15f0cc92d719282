"""Public opinion heard by the monitoring desk: volume, sentiment, topics. The monitor is read
lazily: without it the KPIs say "chưa có dữ liệu"."""

from . import KPI, Column, Result, Row, Unavailable, once, register

SENTIMENT_NAMES = {"negative": "Tiêu cực", "neutral": "Trung lập", "positive": "Tích cực"}
STORIES = (
    "Câu chuyện (các bản tin gần trùng nhau tính một lần) đã được phân tích, đăng trong quý, từ "
    "các nguồn báo chí, mạng xã hội và ý kiến trên Cổng mà hệ thống theo dõi dư luận ghi nhận. "
)


def _analysis():
    try:
        from cityportal.monitor import analysis
    except (ImportError, RuntimeError) as error:  # not there, or not an installed app
        raise Unavailable(str(error)) from error
    return analysis


def _summary(start, end) -> dict:
    analysis = _analysis()
    return once(
        ("monitor-summary", start, end), lambda: analysis.summary(analysis.Period(start, end))
    )


def _volume(start, end) -> Result:
    return Result(_summary(start, end)["stories"])


def _reach(start, end) -> Result:
    return Result(_summary(start, end)["reach"])


def _sentiment(start, end) -> Result:
    summary = _summary(start, end)
    rows = [
        Row(key, name, summary["sentiment"].get(key, 0), {"share": summary["shares"].get(key, 0)})
        for key, name in SENTIMENT_NAMES.items()
    ]
    return Result(summary["stories"], rows)


def _sentiment_colours() -> dict[str, str]:
    """The opinion brief's colours, so a sentiment looks the same in both documents."""
    _analysis()
    from cityportal.monitor.brief import SENTIMENT_COLOURS

    return SENTIMENT_COLOURS


def _topics(start, end) -> Result:
    analysis = _analysis()
    topics = analysis.top_topics(analysis.Period(start, end))
    return Result(None, [Row(t["topic"], t["name"], t["n"]) for t in topics])


register(KPI("opinion_volume", "opinion", "Số câu chuyện dư luận", STORIES, "câu chuyện", _volume))
register(
    KPI(
        "opinion_reach",
        "opinion",
        "Mức lan tỏa",
        STORIES + "Lan tỏa cộng mọi bản đăng lại và lượt tương tác của các câu chuyện đó.",
        "lượt",
        _reach,
    )
)
register(
    KPI(
        "opinion_sentiment",
        "opinion",
        "Sắc thái dư luận",
        STORIES + "Sắc thái do mô hình phân loại; nơi chuyên viên đã sửa nhãn thì lấy nhãn sửa.",
        "câu chuyện",
        _sentiment,
        plannable=False,
        row_header="Sắc thái",
        columns=(Column("share", "Tỷ lệ", "percent"),),
        chart=True,
        colours=_sentiment_colours,
    )
)
register(
    KPI(
        "opinion_topics",
        "opinion",
        "Chủ đề được nhắc nhiều",
        STORIES + "Chủ đề theo 10 nhóm của bộ dữ liệu VNTC.",
        "câu chuyện",
        _topics,
        plannable=False,
        ranking=True,
        row_header="Chủ đề",
        chart=True,
    )
)
