"""engage: what a reader can do after reading.

Share links (plain links, every value percent-encoded), comments that load only when
the reader asks (giscus, utterances, Disqus, Isso, Remark42, Cusdis, Mastodon), the
"like our business page" card, an e-mail newsletter signup that is a plain form (Buttondown,
Mailchimp, listmonk), the /subscribe/ page's data, and a footer of links at the end of
each feed entry.
`csp_sources.third_party_sources` is its public API for the headers plugin.
"""

from .plugin import register

__all__ = ["register"]
