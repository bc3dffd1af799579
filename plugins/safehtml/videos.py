"""Videos the reader chooses to load: YouTube and Vimeo, as click-to-load facades.

A video pasted as its embed code (`<iframe src="https://www.youtube.com/embed/ID">`) or
written as a link on its own line (`[Title](https://youtu.be/ID)`, or the bare address)
becomes a figure with a link to the video and a hidden "Play" button that the theme's
script shows; the player (from the privacy-enhanced host: youtube-nocookie.com, Vimeo
with `dnt=1`) is only requested after that click. Without JavaScript the link remains.

Each host is one declaration: how its addresses look, its canonical and embed URLs, and
the origin the Content-Security-Policy must allow in `frame-src`.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class VideoHost:
    name: str  # "YouTube"
    patterns: tuple[re.Pattern, ...]  # addresses of a video; group "id"
    watch: str  # the canonical page of a video, "{id}"
    embed: str  # the player, "{id}" (privacy-enhanced host)
    player_origin: str  # what frame-src allows

    def video_id(self, url: str) -> str | None:
        for pattern in self.patterns:
            match = pattern.fullmatch(url.strip())
            if match:
                return match.group("id")
        return None


_YT_ID = r"(?P<id>[A-Za-z0-9_-]{11})"
_QUERY = r"(?:[?&][^\s\"'<>]*)?"
HOSTS = (
    VideoHost(
        "YouTube",
        (
            re.compile(rf"https?://(?:www\.|m\.)?youtube\.com/watch\?v={_YT_ID}(?:&[^\s\"'<>]*)?"),
            re.compile(rf"https?://youtu\.be/{_YT_ID}{_QUERY}"),
            re.compile(
                rf"https?://(?:www\.)?youtube(?:-nocookie)?\.com/(?:embed|shorts)/{_YT_ID}{_QUERY}"
            ),
        ),
        "https://www.youtube.com/watch?v={id}",
        "https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
        "https://www.youtube-nocookie.com",
    ),
    VideoHost(
        "Vimeo",
        (
            re.compile(rf"https?://(?:www\.)?vimeo\.com/(?P<id>\d{{1,12}}){_QUERY}"),
            re.compile(rf"https?://player\.vimeo\.com/video/(?P<id>\d{{1,12}}){_QUERY}"),
        ),
        "https://vimeo.com/{id}",
        "https://player.vimeo.com/video/{id}?autoplay=1&dnt=1",
        "https://player.vimeo.com",
    ),
)


@dataclass(frozen=True)
class Video:
    host: VideoHost
    video_id: str
    title: str

    @property
    def watch_url(self) -> str:
        return self.host.watch.format(id=self.video_id)

    @property
    def embed_url(self) -> str:
        return self.host.embed.format(id=self.video_id)


def find_video(url: str, title: str = "") -> Video | None:
    """The video at `url` (any of its hosts' address forms), or None."""
    for host in HOSTS:
        video_id = host.video_id(html.unescape(url))
        if video_id:
            return Video(host, video_id, " ".join(title.split()))
    return None


def facade(video: Video) -> str:
    """The figure that stands for a video until the reader asks for the player."""
    title = video.title or f"A video on {video.host.name}"
    player_host = urlsplit(video.host.player_origin).netloc
    escape = html.escape
    return (
        f'<figure class="video" data-video-src="{escape(video.embed_url)}"'
        f' data-video-title="{escape(title)}">'
        f'<p class="video-title"><a href="{escape(video.watch_url)}">{escape(title)}</a></p>'
        f"<figcaption>Video on {video.host.name}."
        f' <button type="button" data-video-button hidden>Play “{escape(title)}” here'
        f" (loads it from {escape(player_host)})</button></figcaption></figure>"
    )
