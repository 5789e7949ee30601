//! Reuse in another language and script, through the product path: one
//! `provtrace analyze` over an invented Urdu corpus, scored from its report.

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

#[test]
fn an_urdu_paper_story_is_linked_to_its_agency_story_across_code_points() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let input = dir.path().join("urdu.jsonl");
    let paper = arabic_code_points(PAPER);
    assert_ne!(paper, PAPER, "the paper's spelling differs from the agency's");
    let lines: Vec<String> = [
        ("agency/power", "2012-03-04", WIRE),
        ("paper/power", "2012-03-05", paper.as_str()),
        ("paper/cricket", "2012-03-05", CRICKET),
        ("agency/weather", "2012-03-04", WEATHER),
    ]
    .iter()
    .map(|(id, published, text)| {
        serde_json::json!({ "id": id, "published": published, "text": text }).to_string()
    })
    .collect();
    std::fs::write(&input, lines.join("\n")).expect("corpus written");

    let report = common::analyze_as_run(&input);
    let reuse = report["reuse"].as_array().expect("reuse");
    let pairs: Vec<(&str, &str, &str)> = reuse
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap_or_default(),
                r["target"].as_str().unwrap_or_default(),
                r["derivation"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(pairs.len(), 1, "one reuse pair, the paper's from the agency's: {pairs:?}");
    let (source, target, derivation) = pairs[0];
    assert_eq!((source, target), ("agency/power", "paper/power"));
    assert_eq!(derivation, "wholly", "most of the paper's story is the agency's");
}
