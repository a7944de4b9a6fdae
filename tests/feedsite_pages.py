"""Article pages of tests/feedsite.py: a story's paragraphs inside its outlet's chrome.

``yna_page`` carries og:site_name, article:published_time and a canonical link
without the feed's ``?input=`` query; ``hani_page`` carries neither a site name
nor a date (the feed's must be used).  ``CHROME`` lists what the chrome says:
none of it may survive into an article's cleaned text.
"""
from __future__ import annotations

from html import escape

from tests.feedsite_stories import Story

CHROME = (
    "본문 바로가기", "로그인", "마켓+", "[광고]", "적금 특판", "관련 뉴스", "많이 본 뉴스",
    "무단 전재", "All rights reserved", "대표전화", "사진공동취재단", "구독하기", "후원하기",
    "연관기사", "많이 본 기사", "Copyright", "개인정보처리방침",
)


def _paragraphs(story: Story) -> str:
    return "\n".join(f"      <p>{escape(p)}</p>" for p in story.paragraphs)


def yna_page(story: Story) -> str:
    title = escape(story.title)
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>{title} | 연합뉴스</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="연합뉴스">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{story.published}">
<meta name="author" content="{escape(story.author)}">
<link rel="canonical" href="{story.slug}">
<script>var _yna_ad_slot = "view_top";</script>
</head>
<body>
<div id="skipNav"><a href="#container">본문 바로가기</a></div>
<header class="header-wrap">
  <div class="header-util"><a href="/">연합뉴스</a> <a href="/login">로그인</a></div>
  <nav class="nav-wrap"><ul>
    <li><a href="/politics">정치</a></li><li><a href="/economy">경제</a></li>
    <li><a href="/market-plus">마켓+</a></li><li><a href="/society">사회</a></li>
    <li><a href="/sports">스포츠</a></li><li><a href="/culture">문화</a></li>
  </ul></nav>
</header>
<main id="container">
  <div class="content03">
    <h1 class="tit">{title}</h1>
    <p class="update-time">송고시간{story.published[:16].replace("T", " ")}</p>
    <article class="story-news article">
      <figure class="img-con"><img src="/photo{story.slug}.jpg" alt="">
        <figcaption class="desc-con">자료사진 [사진공동취재단]</figcaption></figure>
{_paragraphs(story)}
      <div class="ad-box"><a href="https://ads.example.com">[광고] 연 5%대 적금 특판, 지금 가입하세요</a></div>
      <p class="txt-copyright">&lt;저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지&gt;</p>
    </article>
    <section class="aside-box01"><h2>관련 뉴스</h2><ul>
      <li><a href="/view/AKR1">원/달러 환율 1,380원대 하락 출발</a></li>
      <li><a href="/view/AKR2">코스피, 외국인 매도에 2,700선 후퇴</a></li></ul></section>
  </div>
  <aside class="aside-wrap"><section class="box-most"><h2>많이 본 뉴스</h2><ol>
    <li><a href="/view/AKR11">폭염특보 확대…내일 낮 최고 36도</a></li>
    <li><a href="/view/AKR12">편의점 도시락 가격 일제히 인상</a></li></ol></section></aside>
</main>
<footer class="footer-wrap">
  <p>(주)연합뉴스 서울특별시 종로구 율곡로2길 25 | 대표전화 02-398-3114 | 개인정보처리방침</p>
  <p class="copyright">Copyright (c) Yonhap News Agency. All rights reserved.</p>
</footer>
</body>
</html>
"""


def hani_page(story: Story) -> str:
    title = escape(story.title)
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>{title} : 경제 : 뉴스 : 한겨레</title>
</head>
<body>
<div class="top-banner"><a href="/support">한겨레 후원하기</a> <a href="/subscribe">구독하기</a></div>
<header id="header"><nav class="gnb"><ul>
  <li><a href="/politics">정치</a></li><li><a href="/society">사회</a></li>
  <li><a href="/economy">경제</a></li><li><a href="/opinion">오피니언</a></li></ul></nav></header>
<div id="container">
  <div class="article-head"><h3 class="title">{title}</h3>
    <span class="reporter">{escape(story.author)} 기자</span></div>
  <div class="article-text">
{_paragraphs(story)}
  </div>
  <div class="article-relation"><h4>연관기사</h4><ul>
    <li><a href="/arti/1">온라인 플랫폼 정산 주기, 해외는 어떻게</a></li>
    <li><a href="/arti/2">소비자원, 환불 피해 상담 급증</a></li></ul></div>
  <div class="ad-area" id="ad_box01">[광고] 여름 특가 항공권 최대 70% 할인</div>
  <div class="most-viewed"><h4>많이 본 기사</h4><ol>
    <li><a href="/arti/11">장마 끝나자 폭염…열대야 열흘째</a></li></ol></div>
</div>
<footer id="footer"><p>Copyright ⓒ The Hankyoreh. All rights reserved. 무단 전재 및 재배포 금지</p>
  <p><a href="/privacy">개인정보처리방침</a></p></footer>
</body>
</html>
"""


def content_html(story: Story) -> str:
    """A story's whole text as a feed's ``content:encoded`` / Atom ``<content>`` carries it."""
    body = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return (f'<figure><img src="/photo{story.slug}.jpg">'
            f"<figcaption>자료사진</figcaption></figure>{body}")
