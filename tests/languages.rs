//! Reuse in other languages and scripts, through the product path: one
//! `provtrace analyze` over each small invented corpus, scored from its
//! report.

mod common;

/// An agency story.
const WIRE: &str = "اسلام آباد (اے پی پی) وفاقی حکومت نے ملک بھر میں بجلی کی قیمت میں دو روپے فی یونٹ اضافے کا اعلان کیا ہے۔ \
وزارت پانی و بجلی کے ترجمان نے بتایا کہ نئی قیمتوں کا اطلاق یکم جولائی سے ہوگا۔ \
ترجمان کے مطابق یہ فیصلہ عالمی مالیاتی ادارے کے ساتھ طے پانے والے معاہدے کے تحت کیا گیا ہے۔ \
انہوں نے کہا کہ تین سو یونٹ سے کم بجلی استعمال کرنے والے صارفین پر اس اضافے کا اطلاق نہیں ہوگا۔ \
حزب اختلاف کی جماعتوں نے فیصلے کی مذمت کی ہے اور ملک گیر احتجاج کی دھمکی دی ہے۔ \
تاجر تنظیموں کا کہنا ہے کہ مہنگی بجلی سے صنعتی پیداوار کی لاگت میں اضافہ ہوگا۔";

/// A paper's story built from it: the lead rewritten, a sentence dropped,
/// one added, two moved, a few vowel marks written.
const PAPER: &str = "لاہور: وفاقی حکومت نے بجلی کی قیمت میں دو روپے فی یونٹ اضافہ کر دیا ہے۔ \
وزارت پانی و بجلی کے ترجمان نے بتایا کہ نئی قیمتوں کا اطلاق یکم جولائی سے ہوگا۔ \
حزب اختلاف کی جماعتوں نے فیصلے کی مذمت کی ہے اور ملک گیر احتجاج کی دھمکی دی ہے۔ \
تاجر تنظیموں کا کہنا ہے کہ مہنگی بجلی سے صنعتی پیداوار کی لاگَت میں اضافہ ہوگا۔ \
انہوں نے کہا کہ تین سو یونٹ سے کم بجلی استعمال کرنے والے صارفِین پر اس اضافے کا اطلاق نہیں ہوگا۔ \
شہر کے بازاروں میں دکانداروں نے بھی نئی قیمتوں پر تشویش ظاہر کی۔";

/// Two stories of the same days on other subjects.
const CRICKET: &str = "کراچی: قومی کرکٹ ٹیم نے سری لنکا کے خلاف تیسرا ایک روزہ میچ پانچ وکٹوں سے جیت لیا۔ \
کپتان نے میچ کے بعد کہا کہ کھلاڑیوں نے بہترین کارکردگی دکھائی ہے۔ \
سیریز کا اگلا میچ جمعہ کو لاہور میں کھیلا جائے گا۔";
const WEATHER: &str = "محکمہ موسمیات نے آئندہ دو روز کے دوران ملک کے بالائی علاقوں میں بارش کی پیش گوئی کی ہے۔ \
پہاڑی علاقوں میں برفباری کا بھی امکان ہے جبکہ میدانی علاقوں میں موسم سرد اور خشک رہے گا۔ \
شہریوں کو غیر ضروری سفر سے گریز کی ہدایت کی گئی ہے۔";

/// The paper typed on a system that writes Arabic, not Persian, code
/// points for yeh, kaf and heh, as many Urdu sites do.
fn arabic_code_points(text: &str) -> String {
    text.replace('ی', "ي").replace('ک', "ك").replace('ہ', "ه")
}

/// The reuse pairs (source, target, derivation) of one `analyze` over
/// `stories` (id, publication day, text) given as JSON Lines.
fn reuse_of(stories: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let input = dir.path().join("corpus.jsonl");
    let lines: Vec<String> = stories
        .iter()
        .map(|(id, published, text)| {
            serde_json::json!({ "id": id, "published": published, "text": text }).to_string()
        })
        .collect();
    std::fs::write(&input, lines.join("\n")).expect("corpus written");
    let report = common::analyze_as_run(&input);
    let field = |r: &serde_json::Value, key: &str| r[key].as_str().unwrap_or_default().to_string();
    report["reuse"]
        .as_array()
        .expect("reuse")
        .iter()
        .map(|r| (field(r, "source"), field(r, "target"), field(r, "derivation")))
        .collect()
}

#[test]
fn an_urdu_paper_story_is_linked_to_its_agency_story_across_code_points() {
    let paper = arabic_code_points(PAPER);
    assert_ne!(paper, PAPER, "the paper's spelling differs from the agency's");
    let pairs = reuse_of(&[
        ("agency/power", "2012-03-04", WIRE),
        ("paper/power", "2012-03-05", paper.as_str()),
        ("paper/cricket", "2012-03-05", CRICKET),
        ("agency/weather", "2012-03-04", WEATHER),
    ]);
    let want = ("agency/power".to_string(), "paper/power".to_string(), "wholly".to_string());
    assert_eq!(pairs, [want], "one reuse pair, most of the paper's story the agency's");
}

/// A Chinese agency story, a paper's story built from it (a few words
/// added or changed in each sentence it takes), and two others.
const WIRE_ZH: &str = "新华社北京3月4日电 国家统计局4日发布数据显示，今年前两个月全国规模以上工业增加值同比增长百分之六点八。\
其中，制造业增加值增长百分之七点二，高技术制造业增长百分之九点五。\
国家统计局新闻发言人表示，工业生产保持平稳增长，新动能持续壮大。\
数据显示，前两个月社会消费品零售总额同比增长百分之五点五。\
发言人同时指出，外部环境依然复杂严峻，经济恢复的基础仍需巩固。\
下一步，有关部门将继续加大宏观政策调控力度，推动经济持续回升向好。";
const PAPER_ZH: &str = "本报讯 记者从国家统计局获悉，今年前两个月，全国规模以上工业增加值同比增长百分之六点八。\
其中，制造业增加值增长了百分之七点二，高技术制造业则增长百分之九点五。\
数据还显示，前两个月全国社会消费品零售总额同比增长百分之五点五。\
发言人也指出，当前外部环境依然复杂严峻，经济恢复基础仍需巩固。\
业内专家认为，随着一系列稳增长政策落地见效，二季度经济有望进一步回暖。";
const FOOTBALL_ZH: &str = "新华社上海3月4日电 在4日进行的中国足球超级联赛第一轮比赛中，上海海港队主场以二比一战胜北京国安队。\
海港队前锋在下半场第七十分钟打入制胜一球。\
赛后，主教练表示球队在冬季转会期的引援取得了效果。";
const WEATHER_ZH: &str = "中央气象台4日预计，未来三天我国北方地区将出现大范围降温天气，部分地区降温幅度超过十度。\
气象专家提醒公众注意防寒保暖，合理安排出行。";

/// Chinese is written without spaces between words: each character is a
/// token, and copies are found on character n-grams.
#[test]
fn a_chinese_paper_story_is_linked_to_its_agency_story() {
    let pairs = reuse_of(&[
        ("agency/industry", "2024-03-04", WIRE_ZH),
        ("paper/industry", "2024-03-05", PAPER_ZH),
        ("agency/football", "2024-03-04", FOOTBALL_ZH),
        ("paper/weather", "2024-03-05", WEATHER_ZH),
    ]);
    let linked: Vec<(&str, &str)> =
        pairs.iter().map(|(s, t, _)| (s.as_str(), t.as_str())).collect();
    assert_eq!(linked, [("agency/industry", "paper/industry")], "{pairs:?}");
    assert_ne!(pairs[0].2, "none", "the paper's story derives from the agency's");
}
