"""Everyday words to the words statutes use.

People ask "can we share customer data with a partner without asking?"; the APPI says "provide
personal data to a third party without the consent of the principal". Keyword search cannot
bridge that gap and a small general-purpose embedder bridges it poorly, so a question is
expanded with the statutory terms for the plain ones it uses. The table is general legal
vocabulary (Japanese statutes in English translation and in the original), not tied to any one
question; pure data and pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    """Plain-language triggers and the statutory terms they stand for."""

    triggers: tuple[str, ...]  # English: regexes over the lower-cased question; Japanese: substrings
    terms: str


EN_CONCEPTS: tuple[Concept, ...] = (
    # who
    Concept((r"\bcompan(y|ies)\b", r"\bfirms?\b", r"\bbusiness(es)?\b", r"\bcorporations?\b",
             r"\bemployers?\b", r"\bvendors?\b", r"\bproviders?\b"), "business operator business handling"),
    Concept((r"\bprefectur", r"\bmunicipal", r"\bcit(y|ies)\b", r"\btowns?\b", r"\blocal authorit"),
            "local government local public entity"),
    Concept((r"\bministr(y|ies)\b", r"\bcentral government\b",
             r"\b(government|public|state|national|administrative) agenc(y|ies)\b",
             r"\bpublic sector\b", r"\bgovernment (bodies|offices|departments)\b"),
            "national government administrative organ"),
    Concept((r"\bcitizens?\b", r"\bordinary people\b", r"\bthe public\b", r"\bindividuals? in japan\b"),
            "citizens the people"),
    Concept((r"\bdata subjects?\b", r"\baffected (individuals|people|persons|users|customers)\b",
             r"\bthe (individual|person) concerned\b", r"\bcustomers?\b", r"\busers?\b"),
            "principal identifiable person"),
    Concept((r"\bregulators?\b", r"\bdata protection authority\b", r"\bppc\b", r"\bwatchdog\b"),
            "Personal Information Protection Commission"),
    Concept((r"\bpartners?\b", r"\bother compan(y|ies)\b", r"\bsomeone else\b", r"\boutsiders?\b",
             r"\bsubsidiar(y|ies)\b"), "third party"),
    # what
    Concept((r"\bcustomer data\b", r"\buser data\b", r"\bpersonal data\b", r"\bpersonal info",
             r"\bcustomer (records|information|details)\b", r"\bprivate data\b",
             r"\b(mailing|customer|contact|email|membership) lists?\b",
             r"\b(patient|employee|staff|medical|health) (data|records|files|information)\b"),
            "personal data personal information"),
    Concept((r"\bmasked data\b", r"\bpseudonymi[sz]"), "pseudonymized personal information"),
    Concept((r"\bde-?identif", r"\banonymi[sz]"), "anonymized personal information"),
    Concept((r"\bstaff\b", r"\bemployees?\b", r"\bworkers?\b", r"\bpersonnel\b"), "employees supervision"),
    Concept((r"\boverseas\b", r"\babroad\b", r"\banother country\b", r"\bforeign\b",
             r"\boutside japan\b"), "third party in a foreign country"),
    Concept((r"\btalent\b", r"\bengineers?\b", r"\bskills?\b", r"\bworkforce\b", r"\bexperts?\b"),
            "human resources"),
    Concept((r"\bschools?\b", r"\bteach", r"\blearn", r"\bliteracy\b", r"\btraining courses?\b"),
            "education"),
    Concept((r"\bfunding\b", r"\bbudget", r"\bmoney\b", r"\bnew laws?\b", r"\blegislation\b"),
            "legislative financial measures"),
    Concept((r"\bsupercomput", r"\bdata cent(er|re)s?\b", r"\binfrastructure\b",
             r"\bcomput(e|ing) (power|resources)\b"), "facilities equipment"),
    Concept((r"\bminister in charge\b", r"\bwhich minister\b", r"\bresponsible minister\b"),
            "competent minister"),
    Concept((r"\brules?\b", r"\bnorms?\b", r"\bstandards?\b"), "guidelines norms"),
    Concept((r"\bchat ?bots?\b", r"\bbots?\b", r"\bllms?\b", r"\blarge language models?\b"),
            "AI systems"),
    Concept((r"\bmedical\b", r"\bhealth (data|records|information|conditions?)\b", r"\bpatients?\b",
             r"\bcriminal records?\b", r"\breligio", r"\bethnic"), "sensitive personal information"),
    # doing
    Concept((r"\bregister(s|ed|ing)?\b", r"\blicen[cs]", r"\bpermits?\b"), "registration licensing approval"),
    Concept((r"\bshar(e|es|ed|ing)\b", r"\bhand(s|ed|ing)? (over|on)\b", r"\bpass(es|ed|ing)? (on|along)\b",
             r"\b(sells?|selling|gives?|giving) .{0,30}\b(data|lists?|records|details|information)\b",
             r"\btransfer"),
            "provide to a third party"),
    Concept((r"\bwithout (asking|permission|telling|their (ok|agreement|permission))\b",
             r"\bopt[- ]?in\b", r"\bpermission\b", r"\bagree(ment|s)?\b"),
            "consent of the principal identifiable person's consent"),
    Concept((r"\boutsourc", r"\bsubcontract", r"\bprocessors?\b", r"\bon (our|their) behalf\b"),
            "entrust entrustment"),
    Concept((r"\bbreach(es)?\b", r"\bleak(s|ed|age)?\b", r"\bhack(ed|s)?\b", r"\bdata loss\b"),
            "leak leakage loss damage security"),
    Concept((r"\bcollect", r"\bgather", r"\bobtain", r"\bscrap(e|ing)\b", r"\bbuy(ing)?\b"),
            "acquire acquisition"),
    Concept((r"\bmerg(e|er|ers|ing)\b", r"\b(buy|buying|bought|acquir\w*|tak\w* over) (another|a|the|other) "
             r"(company|business|firm)", r"\bm&a\b"), "merger succession of business"),
    Concept((r"\bno (office|branch|presence|establishment) in\b", r"\b(based|located|established) "
             r"(abroad|overseas|outside)", r"\bextraterritorial", r"\bsell\w* online to\b"),
            "supplying a good or service to a person in Japan in a foreign country scope of application"),
    Concept((r"\bopt[- ]?out\b", r"\bunsubscrib", r"\bstop (sharing|providing) .{0,30}\bif (they|the person) "
             r"asks?\b"), "cease to provide at the request notify the Commission in advance"),
    Concept((r"\bsensitive\b", r"\bspecial categor"),
            "sensitive personal information race creed medical history criminal record"),
    Concept((r"\bdecept", r"\bdeceiv", r"\bfraud", r"\btrick", r"\bsneaky\b", r"\billegal(ly)?\b"),
            "deceit deception improper wrongful means"),
    Concept((r"\bwrong\b", r"\binaccurate\b", r"\bout of date\b", r"\bfix(ed)?\b", r"\bcorrect(ed)?\b"),
            "correction addition deletion accurate"),
    Concept((r"\berase\b", r"\bdelete\b", r"\bstop using\b", r"\bforget\b", r"\bremove\b"),
            "cease utilization deletion"),
    Concept((r"\bshow (me|them|him|her)\b", r"\bsee (my|their|his|her|the) data\b",
             r"\baccess (to )?(my|their)\b", r"\bcopy of (my|their)\b", r"\bwhat data\b"), "disclosure"),
    Concept((r"\b(data[- ]subject|individuals?'?|people'?s?|users?'?|customers?'?) (requests?|rights)\b",
             r"\bsubject access\b", r"\bright(s)? (of|to) (access|rectification|erasure)\b"),
            "request disclosure correction ceasing to use deletion"),
    Concept((r"\bcharg(e|es|ing)\b", r"\bfees?\b", r"\bcost\b"), "fees"),
    Concept((r"\bcomplain", r"\bgrievance"), "complaints processing"),
    Concept((r"\bre-?identif", r"\bfigure out who\b", r"\bunmask"),
            "identify the principal identifiable person prohibition"),
    # record keeping, not "records" as data ("patient records", "our records about them")
    Concept((r"\blogs?\b", r"\bkeep (a |our )?records? of\b",
             r"\brecords? of (who|what|when|each|every|the|personal data|data)\b", r"\brecord[- ]?keeping\b",
             r"\bpaper trail\b", r"\bkeep track\b"), "record"),
    Concept((r"\b(cvs?|résumés?|resumes?|job applica\w*|applicants?)\b",),
            "personal data personal information"),
    Concept((r"\bkeep\b.{0,40}\b(after|once|forever|indefinitely|longer than)\b", r"\bretain",
             r"\bretention\b", r"\bhow long .{0,30}\b(keep|store|hold)\b"),
            "delete without delay no longer require"),
    Concept((r"\bdocuments\b", r"\bmaterials\b", r"\bask .{0,30}for (information|data|help)\b"),
            "submission of materials cooperation"),
    Concept((r"\binform\b", r"\btell\b", r"\blet .{0,20} know\b", r"\bnotif"), "notify notice"),
    Concept((r"\bsecurity\b", r"\bsafeguards?\b", r"\bprotect(ing)? (the )?data\b"),
            "security control measures"),
    Concept((r"\bnew purpose\b", r"\bother purposes?\b", r"\bdifferent purpose\b", r"\bbeyond\b"),
            "purpose of use scope"),
    Concept((r"\bbreak(s|ing)? the (law|act|rules)\b", r"\bkeeps? breaking\b", r"\bnon-?complian",
             r"\bviolat", r"\binfring"), "violation"),
    Concept((r"\bescalat", r"\benforcement\b", r"\bsteps?\b .{0,30}\b(take|regulator|commission)"),
            "recommendation order"),
    Concept((r"\bpenalt", r"\bfines?\b", r"\bsanctions?\b", r"\bpunish"),
            "penalty fine imprisonment punishment"),
    Concept((r"\bapprov", r"\bsigns? off\b", r"\badopt(s|ed)?\b"), "cabinet decision"),
    Concept((r"\bus(e|es|ed|ing)\b", r"\bdeploy"), "utilization utilize"),
    Concept((r"\bresponsib", r"\bin charge of\b", r"\bdut(y|ies)\b"), "responsible affairs"),
    Concept((r"\btake part\b", r"\bparticipat", r"\bjoin(s|ing)?\b", r"\bwork with other countries\b"),
            "international cooperation participate"),
    Concept((r"\bcheck(s|ing)? on\b", r"\binspect", r"\baudit", r"\braids?\b", r"\binvestigat",
             r"\b(come|comes|coming|visit\w*) (to |into )?(our|the|their|its) (office|premises|site)",
             r"\bsend\w* (officials|inspectors|investigators|staff|officers)\b"),
            "report on-site inspection investigation"),
    Concept((r"\bnews(room|rooms|paper|papers)?\b", r"\bjournalis", r"\bmagazines?\b", r"\bthe press\b",
             r"\breporters?\b", r"\bbroadcast", r"\bmedia (outlet|company|companies|organi[sz]ation)"),
            "broadcasting organizations newspapers news reporting journalistic organizations"),
    Concept((r"\blawyers?\b", r"\battorneys?\b", r"\bfamily members?\b", r"\bparents?\b", r"\bguardians?\b",
             r"\bproxy\b",
             r"\bon (someone|somebody|another person|that person|the person|his|her)(['’]s)? behalf\b"),
            "agent legal representative"),
    Concept((r"\b(foreign|overseas|other countries['’]?|international) (regulators?|authorit\w*|"
             r"counterparts?|supervisory|data protection|enforcement)",
             r"\b(regulators?|authorit\w*|counterparts?) (abroad|overseas|in other countries)\b"),
            "foreign enforcement authority provide information"),
    Concept((r"\bacademic", r"\bresearch (labs?|institutes?|institutions?|centers?|centres?)\b",
             r"\buniversit(y|ies) (lab|labs|research|researchers)\b"),
            "academic research institution academic research purposes"),
    Concept((r"\bmilitary\b", r"\bdefen[cs]e\b", r"\barmed forces\b", r"\bnational security\b"),
            "national defense security"),
    Concept((r"\bflops?\b", r"\b(training )?compute\b", r"\b(very |really )?(large|huge|big) (ai )?models?\b",
             r"\bfrontier models?\b"), "cumulative amount of computation for learning"),
    Concept((r"\bopenness\b", r"\bopen about\b", r"\bexplainab", r"\bbe transparent\b"), "transparency"),
    Concept((r"\bmisus(e|es|ed|ing)\b", r"\babus(e|es|ed|ing)\b", r"\bbad actors?\b", r"\bmalicious"),
            "wrong purposes inappropriate methods"),
    Concept((r"\bgoals?\b", r"\baims?\b", r"\bobjectives?\b"), "purpose"),
    Concept((r"\bset up\b", r"\bwhere is\b", r"\bplaced\b",
             r"\bcreat(e|es|ed)\b .{0,30}\b(body|office|headquarters)"), "establish"),
    Concept((r"\bstart(s|ed)? (applying|to apply)\b", r"\bcomes? into (force|effect)\b", r"\btakes? effect\b",
             r"\bkick(s|ed)? in\b", r"\bin force\b", r"\beffective date\b",
             r"\bwhen does .{0,40}\b(apply|start)\b"), "comes into effect date of promulgation enforcement"),
    Concept((r"\bfac(e|es|ial)\b", r"\bfingerprints?\b", r"\bbiometric", r"\bdna\b", r"\bvoiceprints?\b",
             r"\bpassport numbers?\b", r"\bid numbers?\b"),
            "individual identification code physical features"),
    Concept((r"\bcookies?\b", r"\bdevice ids?\b", r"\bbrowsing histor", r"\bonline identifiers?\b",
             r"\bad(vertising)? ids?\b", r"\blocation data\b", r"\bgps\b"),
            "information related to personal information personal-related information"),
    Concept((r"\bsu(e|es|ing)\b", r"\blawsuits?\b", r"\bcourts?\b", r"\blitigation\b", r"\blegal action\b"),
            "file a lawsuit action"),
    Concept((r"\bwhat (goes|must go|should go|is put) in(to)?\b", r"\bcontents?\b", r"\bitems?\b"),
            "following matters"),
)

JA_CONCEPTS: tuple[Concept, ...] = (
    Concept(("会社", "企業", "当社", "弊社", "ベンダー"), "事業者"),
    Concept(("自治体", "都道府県", "市町村", "県庁", "市役所"), "地方公共団体"),
    Concept(("省庁", "中央官庁", "政府機関"), "国 行政機関"),
    Concept(("市民", "一般の人", "住民"), "国民"),
    Concept(("顧客", "ユーザー", "利用者", "お客様", "データ主体"), "本人"),
    Concept(("顧客データ", "顧客情報", "ユーザーデータ"), "個人データ 個人情報"),
    Concept(("渡す", "渡して", "共有", "提供", "売る", "販売"), "第三者 提供"),
    Concept(("子会社", "グループ会社", "関連会社", "取引先", "提携先", "他社", "別の会社"), "第三者"),
    Concept(("変え", "変更", "変わ", "切り替え"), "変更"),
    Concept(("委託", "外注", "外部に"), "委託"),
    Concept(("同意", "許可", "承諾"), "本人の同意"),
    Concept(("漏えい", "漏洩", "流出", "情報漏れ"), "漏えい 滅失 毀損"),
    Concept(("知らせ", "通知", "連絡"), "通知"),
    Concept(("使う", "使って", "使用", "利用"), "活用 利用"),
    Concept(("罰則", "罰金", "制裁"), "罰金 拘禁刑"),
    Concept(("承認", "決定"), "閣議の決定"),
    Concept(("違反",), "違反 勧告 命令"),
    Concept(("従業員", "社員", "スタッフ", "職員"), "従業者 監督"),
    Concept(("海外", "外国", "国外"), "外国にある第三者"),
    Concept(("海外の当局", "外国の当局", "海外当局", "外国当局", "海外のデータ保護当局",
             "外国のデータ保護当局", "海外の規制当局", "外国の規制当局"), "外国執行当局 情報の提供"),
    Concept(("大学の研究", "研究室", "研究機関", "学術"), "学術研究機関等 学術研究目的"),
    Concept(("代理人", "弁護士", "家族", "本人に代わ"), "代理人"),
    Concept(("報道", "新聞", "放送", "記者", "マスコミ", "出版社", "雑誌"), "報道機関 報道 放送機関 新聞社"),
    Concept(("基本的な考え方", "基本方針", "理念"), "基本理念"),
    Concept(("見直", "再検討", "改正される"), "検討 必要な措置"),
    Concept(("立入", "立ち入", "事務所に来", "オフィスに来", "調べに来"), "立入検査 報告"),
    Concept(("間違", "誤り", "訂正", "直して", "修正"), "訂正 追加 削除"),
    Concept(("削除", "消して", "消去", "使わないで", "利用をやめ"), "利用停止 消去"),
    Concept(("見せて", "開示", "確認したい"), "開示"),
    Concept(("手数料", "料金", "費用"), "手数料"),
    Concept(("苦情", "クレーム"), "苦情の処理"),
    Concept(("人材", "エンジニア", "技術者"), "人材の確保"),
    Concept(("学校", "教育", "学習", "リテラシー"), "教育 学習の振興"),
    Concept(("予算", "財源", "新しい法律", "法整備"), "法制上 財政上の措置"),
    Concept(("集め", "収集", "取得", "買う", "購入"), "取得"),
    Concept(("記録", "ログ"), "記録の作成"),
    Concept(("目標", "ねらい", "狙い"), "目的"),
    Concept(("役割", "権限", "職務", "任務"), "事務 総括 指揮監督"),
    Concept(("リーダー", "主導", "先導", "牽引"), "主導的な役割"),
    Concept(("置かれ", "設置", "設け"), "置く"),
    Concept(("施行", "いつから", "効力", "適用され"), "施行 公布の日"),
    Concept(("顔", "指紋", "生体", "DNA", "声紋", "旅券番号", "マイナンバー"),
            "個人識別符号 身体の一部の特徴"),
    Concept(("クッキー", "Cookie", "端末ID", "閲覧履歴", "位置情報", "広告ID"), "個人関連情報"),
    Concept(("裁判", "訴え", "訴訟", "提訴"), "訴え"),
    Concept(("項目", "書き込", "盛り込", "内容"), "次に掲げる事項"),
)


def _compiled() -> tuple[tuple[tuple[re.Pattern[str], ...], str], ...]:
    return tuple((tuple(re.compile(t) for t in c.triggers), c.terms) for c in EN_CONCEPTS)


_EN = _compiled()


def statutory_terms(query: str, japanese: bool) -> list[str]:
    """The statutory terms for the plain ones the question uses, each concept once."""
    if japanese:
        return [c.terms for c in JA_CONCEPTS if any(t in query for t in c.triggers)]
    lowered = query.lower()
    return [terms for patterns, terms in _EN if any(p.search(lowered) for p in patterns)]
