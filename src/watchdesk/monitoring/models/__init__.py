from watchdesk.monitoring.models.authors import Author
from watchdesk.monitoring.models.derived import SimilarCommentary, TrendLatest
from watchdesk.monitoring.models.pages import (
    AboutPage,
    CommentaryAuthor,
    CommentaryPage,
    CommentarySource,
    HomePage,
    TrendIndexPage,
    TrendPage,
    week_covered,
)

__all__ = [
    "AboutPage",
    "Author",
    "CommentaryAuthor",
    "CommentaryPage",
    "CommentarySource",
    "HomePage",
    "SimilarCommentary",
    "TrendLatest",
    "TrendIndexPage",
    "TrendPage",
    "week_covered",
]
