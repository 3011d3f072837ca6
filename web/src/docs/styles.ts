/** The reference's one stylesheet, inline: the page loads nothing else (no script, no font, no CDN). */
export const docsCss = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;scroll-padding-top:1rem}
body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1f24;background:#f6f7f9}
a{color:#1d4ed8;text-underline-offset:.15em}
:focus-visible{outline:3px solid #1b1f24;outline-offset:2px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875rem}
code{overflow-wrap:anywhere}
.skip{position:absolute;left:-100vw;top:.5rem;background:#fff;color:#1b1f24;padding:.5rem .75rem;z-index:2}
.skip:focus{left:.5rem}
header.top{background:#1b1f24;color:#fff;padding:1rem 1.25rem}
header.top h1{margin:0;font-size:1.5rem;line-height:1.25}
header.top p{margin:.25rem 0 0;color:#e5e7eb}
header.top a{color:#fff}
.layout{display:grid;grid-template-columns:minmax(0,1fr);max-width:82rem;margin:0 auto}
nav.toc{padding:1rem 1.25rem;border-bottom:1px solid #d5d8dc;background:#fff}
nav.toc h2{font-size:1rem;margin:0 0 .5rem}
nav.toc ul{list-style:none;margin:0;padding:0}
nav.toc li{margin:.15rem 0}
nav.toc .tag{margin-top:.75rem;font-weight:650}
nav.toc .tag ul{font-weight:400;padding-left:.5rem}
nav.toc a{text-decoration:none;display:inline-block;padding:.1rem 0;min-height:24px}
nav.toc a:hover{text-decoration:underline}
main{padding:1rem 1.25rem 4rem;min-width:0}
main h2{font-size:1.4rem;margin:2.5rem 0 .5rem;padding-bottom:.25rem;border-bottom:2px solid #d5d8dc}
main h3{font-size:1.125rem;margin:0 0 .25rem;line-height:1.4}
main h4{font-size:1rem;margin:1.25rem 0 .5rem}
.op,.panel{background:#fff;border:1px solid #d5d8dc;border-radius:.5rem;padding:1rem 1.125rem;margin:1rem 0}
.summary{font-weight:600;margin:.25rem 0 .5rem}
.method{display:inline-block;min-width:3.75rem;text-align:center;font:700 .8125rem/1.6 ui-monospace,monospace;border-radius:.25rem;padding:0 .375rem;margin-right:.25rem;vertical-align:.1em}
.m-get{background:#e3f4e8;color:#0b5d27}.m-post{background:#e6edfd;color:#1a3fa8}.m-put{background:#fdf1dc;color:#6b4200}.m-delete,.m-patch{background:#fde8e8;color:#8f1418}
.path{font-size:1rem;font-weight:600}
dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem .75rem;margin:.5rem 0}
dl.meta dt{font-weight:600;color:#3f4650}
dl.meta dd{margin:0}
ul.fields{list-style:none;margin:.25rem 0;padding-left:0}
ul.fields ul.fields{padding-left:1rem;border-left:2px solid #e3e6ea;margin-left:.25rem}
ul.fields li{margin:.375rem 0}
.name{font-weight:700}
.type{color:#3f4650;font-family:ui-monospace,monospace;font-size:.8125rem;overflow-wrap:anywhere}
.req,.opt{font-size:.75rem;margin-left:.375rem;padding:0 .3rem;border-radius:.2rem}
.req{background:#fde8e8;color:#8f1418}.opt{background:#eef0f3;color:#3f4650}
.desc{margin:.125rem 0 0}
.limits{color:#3f4650;font-size:.875rem}
.variant,.more{font-style:italic;color:#3f4650}
ul.answers{list-style:none;margin:0;padding:0}
ul.answers>li{border-top:1px solid #e3e6ea;padding:.5rem 0}
ul.answers p{margin:.25rem 0}
.status{display:inline-block;font:700 .875rem/1.5 ui-monospace,monospace;padding:0 .375rem;border-radius:.25rem}
.s2{background:#e3f4e8;color:#0b5d27}.s3{background:#e6edfd;color:#1a3fa8}.s4{background:#fdf1dc;color:#6b4200}.s5{background:#fde8e8;color:#8f1418}
ul.headers{margin:.25rem 0;padding-left:1.25rem;font-size:.9375rem}
details.media{margin:.375rem 0}
details.media summary{cursor:pointer;padding:.125rem 0}
.body{margin:.25rem 0 .5rem}
.shape{margin:.25rem 0}
figure.example{margin:.5rem 0}
figure.example figcaption{font-size:.8125rem;font-weight:600;color:#3f4650;margin-bottom:.125rem}
pre{background:#f1f2f5;border:1px solid #e3e6ea;padding:.625rem .75rem;border-radius:.375rem;overflow:auto;max-height:28rem;margin:0}
ol.steps{list-style:none;padding:0;margin:0}
ol.steps>li{margin:1.25rem 0}
.guide{background:#fff;border:1px solid #d5d8dc;border-radius:.5rem;padding:0 1.125rem 1rem;margin:1.5rem 0}
.guide h2{margin-top:1rem}
.guide h3{margin-top:1rem}
@media (min-width:64rem){
  .layout{grid-template-columns:18rem minmax(0,1fr)}
  nav.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;border-bottom:0;border-right:1px solid #d5d8dc;min-height:100vh}
  main{padding:1.5rem 2rem 4rem}
}
`;
