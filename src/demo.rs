//! Realistic generated registers for demonstrations and benchmarks (`certdesk demo`).
//!
//! Pure generation, no SQL: Chinese body names, valid USCCs, unique approval numbers, and each
//! qualification's history as a list of [`ActRequest`]s in date order. `store::demo` writes the
//! grants and performs every act through the real rules (`store::acts::apply_act`), so nothing
//! here can put the register into a state the domain would refuse.
//!
//! The same seed, the same `today` and the same set of codes already in the register always give
//! the same plans (`ChaCha8Rng::seed_from_u64`; no hash-map iteration decides anything).

use crate::domain::acts::{
    ActKind, ActRequest, CreditList, Hearing, RectificationResult, VerifyResult,
};
use crate::domain::applications::{ApplicationAct, ApplicationPurpose};
use crate::domain::ids::{BodyKind, uscc_check_char};
use crate::domain::model::{RiskClass, Route};
use jiff::civil::Date;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{HashMap, HashSet};

/// The officers whose names the generated acts are recorded under (`Ctx.actor`).
pub const ACTORS: [&str; 8] = [
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨磊",
    "赵敏",
    "黄晓东",
];

/// Codes and names already in use: the generator never produces one of these, and adds what it
/// produces. Fill it from the register before generating.
#[derive(Debug, Clone, Default)]
pub struct Taken {
    pub usccs: HashSet<String>,
    pub approvals: HashSet<String>,
    pub names: HashSet<String>,
}

/// One body and the whole life of its qualifications.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyPlan {
    pub uscc: String,
    pub name: String,
    pub kind: BodyKind,
    /// GB/T 2260 region code (positions 3–8 of the USCC).
    pub region: String,
    pub risk_class: RiskClass,
    pub address: String,
    pub legal_rep: String,
    /// In date order; a later one is a new approval after the earlier one ended.
    pub qualifications: Vec<QualPlan>,
}

impl BodyPlan {
    /// Events writing this plan produces (one per grant, one per act).
    pub fn events(&self) -> usize {
        self.qualifications.iter().map(|q| 1 + q.acts.len()).sum()
    }
}

/// A grant and the acts that follow it, dates non-decreasing.
#[derive(Debug, Clone, PartialEq)]
pub struct QualPlan {
    pub approval_no: String,
    pub route: Route,
    pub decided_on: Date,
    pub valid_until: Date,
    pub authority: String,
    pub doc_no: String,
    /// Legal basis of the grant.
    pub basis: &'static str,
    /// The officer who recorded the grant.
    pub actor: &'static str,
    pub scope: Vec<String>,
    /// This approval replaces the body's previous qualification in the plan (`predecessor_id`).
    pub follows_previous: bool,
    pub acts: Vec<PlannedAct>,
}

/// One act, as an officer would submit it, and who did.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedAct {
    pub actor: &'static str,
    pub request: ActRequest,
}

/// An open application (办件) for the queue: received, then the listed steps.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedApplication {
    pub purpose: ApplicationPurpose,
    pub uscc: String,
    pub name: String,
    pub kind: BodyKind,
    pub route: Route,
    /// For a renewal: the approval to renew.
    pub approval_no: Option<String>,
    pub scope: Vec<String>,
    pub region: String,
    pub risk_class: RiskClass,
    pub received_on: Date,
    pub reason: String,
    pub actor: &'static str,
    /// Acts after receipt (accept, pause, request-materials), in date order.
    pub steps: Vec<(ApplicationAct, Date)>,
}

// ---------------------------------------------------------------------------------------
// Reference lists
// ---------------------------------------------------------------------------------------

struct Region {
    code: &'static str,
    /// Short place name used in body names (深圳, 江苏).
    place: &'static str,
    /// Place with its level, for names written in full (深圳市, 江苏省).
    place_full: &'static str,
    /// Address prefix down to the city.
    addr: &'static str,
    districts: &'static [&'static str],
    /// Province abbreviation for document numbers.
    abbr: &'static str,
    /// Province-level market supervision bureau.
    bureau: &'static str,
    weight: u32,
}

macro_rules! region {
    ($code:literal, $place:literal, $full:literal, $addr:literal, [$($d:literal),+], $abbr:literal, $bureau:literal, $w:literal) => {
        Region { code: $code, place: $place, place_full: $full, addr: $addr, districts: &[$($d),+], abbr: $abbr, bureau: $bureau, weight: $w }
    };
}

const REGIONS: &[Region] = &[
    region!(
        "110000",
        "北京",
        "北京市",
        "北京市",
        ["海淀区", "朝阳区", "丰台区", "大兴区", "昌平区", "顺义区"],
        "京",
        "北京市市场监督管理局",
        9
    ),
    region!(
        "110105",
        "北京",
        "北京市",
        "北京市",
        ["朝阳区"],
        "京",
        "北京市市场监督管理局",
        3
    ),
    region!(
        "110108",
        "北京",
        "北京市",
        "北京市",
        ["海淀区"],
        "京",
        "北京市市场监督管理局",
        3
    ),
    region!(
        "120000",
        "天津",
        "天津市",
        "天津市",
        ["滨海新区", "西青区", "南开区", "东丽区"],
        "津",
        "天津市市场监督管理局",
        3
    ),
    region!(
        "310000",
        "上海",
        "上海市",
        "上海市",
        ["浦东新区", "闵行区", "徐汇区", "嘉定区", "松江区"],
        "沪",
        "上海市市场监督管理局",
        8
    ),
    region!(
        "310115",
        "上海",
        "上海市",
        "上海市",
        ["浦东新区"],
        "沪",
        "上海市市场监督管理局",
        3
    ),
    region!(
        "320000",
        "江苏",
        "江苏省",
        "江苏省",
        [
            "南京市玄武区",
            "无锡市新吴区",
            "常州市武进区",
            "南通市崇川区"
        ],
        "苏",
        "江苏省市场监督管理局",
        3
    ),
    region!(
        "320100",
        "南京",
        "南京市",
        "江苏省南京市",
        ["玄武区", "江宁区", "鼓楼区", "建邺区"],
        "苏",
        "江苏省市场监督管理局",
        4
    ),
    region!(
        "320500",
        "苏州",
        "苏州市",
        "江苏省苏州市",
        ["工业园区", "吴中区", "相城区", "姑苏区", "昆山市"],
        "苏",
        "江苏省市场监督管理局",
        5
    ),
    region!(
        "330000",
        "浙江",
        "浙江省",
        "浙江省",
        [
            "杭州市上城区",
            "温州市鹿城区",
            "嘉兴市南湖区",
            "绍兴市越城区"
        ],
        "浙",
        "浙江省市场监督管理局",
        3
    ),
    region!(
        "330100",
        "杭州",
        "杭州市",
        "浙江省杭州市",
        ["西湖区", "滨江区", "余杭区", "萧山区"],
        "浙",
        "浙江省市场监督管理局",
        5
    ),
    region!(
        "330200",
        "宁波",
        "宁波市",
        "浙江省宁波市",
        ["鄞州区", "北仑区", "江北区", "镇海区"],
        "浙",
        "浙江省市场监督管理局",
        3
    ),
    region!(
        "440000",
        "广东",
        "广东省",
        "广东省",
        ["东莞市", "佛山市南海区", "珠海市香洲区", "中山市"],
        "粤",
        "广东省市场监督管理局",
        3
    ),
    region!(
        "440100",
        "广州",
        "广州市",
        "广东省广州市",
        ["天河区", "黄埔区", "番禺区", "白云区"],
        "粤",
        "广东省市场监督管理局",
        6
    ),
    region!(
        "440300",
        "深圳",
        "深圳市",
        "广东省深圳市",
        ["南山区", "福田区", "宝安区", "龙岗区", "龙华区"],
        "粤",
        "广东省市场监督管理局",
        7
    ),
    region!(
        "510000",
        "四川",
        "四川省",
        "四川省",
        ["绵阳市涪城区", "德阳市旌阳区", "宜宾市翠屏区"],
        "川",
        "四川省市场监督管理局",
        2
    ),
    region!(
        "510100",
        "成都",
        "成都市",
        "四川省成都市",
        ["武侯区", "高新区", "青羊区", "双流区"],
        "川",
        "四川省市场监督管理局",
        4
    ),
    region!(
        "370100",
        "济南",
        "济南市",
        "山东省济南市",
        ["历下区", "槐荫区", "高新区"],
        "鲁",
        "山东省市场监督管理局",
        3
    ),
    region!(
        "370200",
        "青岛",
        "青岛市",
        "山东省青岛市",
        ["崂山区", "黄岛区", "市南区", "城阳区"],
        "鲁",
        "山东省市场监督管理局",
        3
    ),
    region!(
        "420100",
        "武汉",
        "武汉市",
        "湖北省武汉市",
        ["洪山区", "江汉区", "东湖新技术开发区", "汉阳区"],
        "鄂",
        "湖北省市场监督管理局",
        3
    ),
    region!(
        "500000",
        "重庆",
        "重庆市",
        "重庆市",
        ["渝北区", "九龙坡区", "江北区", "沙坪坝区"],
        "渝",
        "重庆市市场监督管理局",
        3
    ),
    region!(
        "350200",
        "厦门",
        "厦门市",
        "福建省厦门市",
        ["思明区", "湖里区", "集美区"],
        "闽",
        "福建省市场监督管理局",
        2
    ),
    region!(
        "610100",
        "西安",
        "西安市",
        "陕西省西安市",
        ["雁塔区", "未央区", "高新区"],
        "陕",
        "陕西省市场监督管理局",
        2
    ),
    region!(
        "410100",
        "郑州",
        "郑州市",
        "河南省郑州市",
        ["金水区", "二七区", "郑东新区"],
        "豫",
        "河南省市场监督管理局",
        2
    ),
    region!(
        "430100",
        "长沙",
        "长沙市",
        "湖南省长沙市",
        ["岳麓区", "雨花区", "开福区"],
        "湘",
        "湖南省市场监督管理局",
        2
    ),
    region!(
        "340100",
        "合肥",
        "合肥市",
        "安徽省合肥市",
        ["蜀山区", "包河区", "高新区"],
        "皖",
        "安徽省市场监督管理局",
        2
    ),
    region!(
        "210200",
        "大连",
        "大连市",
        "辽宁省大连市",
        ["甘井子区", "沙河口区", "高新园区"],
        "辽",
        "辽宁省市场监督管理局",
        2
    ),
];

/// 字号: the distinctive part of a company name.
const TRADE_NAMES: &[&str] = &[
    "华测",
    "中联",
    "恒信",
    "正信",
    "国衡",
    "汇标",
    "方圆",
    "兴原",
    "中鉴",
    "世标",
    "凯新",
    "环通",
    "东信",
    "信诺",
    "安泰",
    "中质",
    "金标",
    "诚信",
    "华夏",
    "中安",
    "卓越",
    "海纳",
    "天祥",
    "谱尼",
    "实朴",
    "德凯",
    "鑫源",
    "瑞德",
    "博远",
    "誉达",
    "中科",
    "正源",
    "精诚",
    "宏远",
    "建研",
    "联创",
    "中正",
    "华信",
    "广信",
    "新华",
    "长城",
    "泰和",
    "中信",
    "恒标",
    "众信",
    "华安",
    "通标",
    "中检",
    "华通",
    "正和",
    "永信",
    "中威",
    "鼎信",
    "天平",
    "国正",
    "中鼎",
    "普华",
    "中标",
    "金诚",
    "华标",
    "华诚",
    "中实",
    "优品",
    "捷安",
    "广测",
    "京诚",
    "东方",
    "南方",
    "中环",
    "绿洲",
    "碧水",
    "蓝天",
    "清源",
    "汇丰",
    "中禾",
    "嘉禾",
    "安诺",
    "博思",
    "华鉴",
    "智信",
    "中睿",
    "恒通",
    "赛宝",
    "威凯",
    "中认",
    "中环联",
    "同信",
    "中汽",
    "华研",
    "宏达",
    "信达",
    "联检",
    "瑞安",
    "泰斯",
    "标格",
    "中创",
    "安科",
    "中测",
    "天衡",
    "致远",
    "卓信",
    "恒达",
    "九州",
    "神州",
    "中天",
    "国信",
    "鸿鹄",
    "明德",
    "立信",
    "鲁信",
    "苏标",
    "浙信",
];

const CB_INDUSTRIES: &[&str] = &[
    "认证",
    "质量认证",
    "认证服务",
    "检验认证",
    "标准技术服务",
    "管理体系认证",
];
const CMA_INDUSTRIES: &[&str] = &[
    "检测",
    "检验检测",
    "检测技术",
    "质量检测",
    "环境检测",
    "工程检测",
    "检测认证",
    "计量检测",
    "标准技术服务",
    "检测科技",
];
/// Public institutions (事业单位, USCC category 12) are named by their function, not a 字号.
const PUBLIC_CB: &[&str] = &["质量认证中心", "认证中心", "质量技术服务中心"];
const PUBLIC_CMA: &[&str] = &[
    "产品质量监督检验研究院",
    "计量质量检测研究院",
    "建设工程质量检测中心",
    "环境监测中心站",
    "食品药品检验研究院",
    "纤维检验所",
    "特种设备检验研究院",
    "标准化研究院",
    "农产品质量检测中心",
    "质量技术监督检测中心",
];

const CB_SCOPE: &[&str] = &[
    "QMS 质量管理体系认证",
    "EMS 环境管理体系认证",
    "OHSMS 职业健康安全管理体系认证",
    "FSMS 食品安全管理体系认证",
    "HACCP 危害分析与关键控制点体系认证",
    "ISMS 信息安全管理体系认证",
    "EnMS 能源管理体系认证",
    "ITSMS 信息技术服务管理体系认证",
    "IPMS 知识产权管理体系认证",
    "MMS 测量管理体系认证",
    "产品认证",
    "有机产品认证",
    "良好农业规范认证",
    "服务认证",
    "绿色产品认证",
    "低碳产品认证",
];
const CCC: &str = "CCC 强制性产品认证";

const CMA_SCOPE: &[&str] = &[
    "建筑材料检测",
    "建设工程质量检测",
    "食品检测",
    "农产品检测",
    "环境监测",
    "机动车检验",
    "电子电器检测",
    "水质检测",
    "化妆品检测",
    "医疗器械检测",
    "纺织品检测",
    "计量校准",
    "特种设备检验",
    "消防产品检测",
    "土壤检测",
    "药品检验",
    "饲料检测",
    "室内空气检测",
    "电线电缆检测",
    "玩具检测",
    "司法鉴定检测",
    "石油化工产品检测",
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
    "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建国", "建华", "志强", "海燕", "国庆", "晓东", "文博",
    "子涵", "思远", "欣怡", "浩然", "雨轩", "佳琪", "梓萱", "俊杰", "宇航", "玉兰", "永红", "春梅",
    "德明", "振华", "立新",
];

const ROADS: &[&str] = &[
    "中山路",
    "人民路",
    "建设路",
    "科技路",
    "学院路",
    "长江路",
    "解放路",
    "创业路",
    "高新大道",
    "工业园路",
    "滨江大道",
    "振兴路",
    "和平路",
    "新华路",
    "光明路",
    "文化路",
    "软件园路",
    "金融街",
    "环城东路",
    "东风路",
];

const RECTIFY_REASONS: &[&str] = &[
    "监督检查发现内部审核记录不完整",
    "专职人员数量低于承诺数量",
    "报告签发流程不符合管理体系要求",
    "原始记录信息不完整，无法复现",
    "未按规定公开认证信息",
    "部分仪器设备检定校准超期",
    "审核时间不足，未覆盖全部场所",
    "分包管理不符合要求",
    "人员培训与能力确认记录缺失",
];
const SUSPEND_REASONS: &[&str] = &[
    "超出批准范围从事认证活动",
    "增加、减少、遗漏认证基本规范规定的程序",
    "出具的检验检测数据、结果失实",
    "专职认证人员严重不足，不能保证认证质量",
    "未按规定对获证组织实施跟踪监督",
];
const PENALTY_REASONS: &[&str] = &[
    "出具虚假认证结论，情节严重",
    "出具虚假检验检测报告，造成严重后果",
    "停业整顿期间继续从事认证活动",
    "伪造、变造检验检测原始记录",
];
const REVOKE_REASONS: &[&str] = &[
    "不再符合批准条件（专职认证人员不足10人）",
    "以欺骗手段取得资质认定",
    "注册资本不足，不再符合设立条件",
    "管理体系不能有效运行，不再符合批准条件",
];

// ---------------------------------------------------------------------------------------
// Dates as day numbers
// ---------------------------------------------------------------------------------------

/// Days since 1970-01-01, for cheap arithmetic (the calendar's day numbers).
fn day_number(d: Date) -> i32 {
    crate::domain::calendar::day_number(d) as i32
}

fn date_of(z: i32) -> Date {
    crate::domain::calendar::date_from_number(i64::from(z))
}

/// `years` calendar years after day `z` (29 Feb → 28 Feb), as the approval prints it.
fn plus_years(z: i32, years: i16) -> i32 {
    let d = date_of(z);
    let y = d.year() + years;
    let day = d.day().min(
        Date::new(y, d.month(), 1)
            .map(|f| f.days_in_month())
            .unwrap_or(28),
    );
    Date::new(y, d.month(), day)
        .map(day_number)
        .unwrap_or(z + 365 * i32::from(years))
}

const VALIDITY_YEARS: i16 = 6;

// ---------------------------------------------------------------------------------------
// Plans of a qualification's life
// ---------------------------------------------------------------------------------------

/// What one step of a history does; texts and numbers are filled in when it is emitted.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Verify(VerifyResult, Option<i32>),
    OrderRect(i32),
    RecordRect(RectificationResult),
    Suspend(i32),
    Publish,
    Lift,
    RevokePenalty,
    Revoke,
    PartialRevoke,
    Withdraw,
    Cancel(CancelWhy),
    FileRenewal,
    Renew(i32),
    RefuseRenewal,
    ChangeScope,
    ChangeParticulars,
    ListCredit(CreditList),
    Delist(CreditList),
    SetBar(i32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CancelWhy {
    OwnRequest,
    Expired,
    AfterRevocation,
}

/// A self-contained sequence of acts that leaves the qualification as it found it (apart from
/// particulars and scope), placed inside a window where the qualification is in force.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Episode {
    Particulars,
    Scope,
    PartialRevoke,
    Rectification,
    Credit(CreditList),
    SuspendAndLift,
}

/// A stretch of days where the qualification is in force and free for episodes.
#[derive(Debug, Clone, Copy)]
struct Window {
    a: i32,
    b: i32,
    neutral_only: bool,
    /// Natural episodes happen here (otherwise only padding goes here).
    natural: bool,
}

/// A qualification's history before the episodes are placed: dated steps, windows, what stays open.
#[derive(Debug, Clone, Copy)]
enum Seg {
    At(i32, Step),
    Win(Window),
    Tail(Tail),
}

/// Something still open at today's date, after the last window.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tail {
    Rectification {
        order: i32,
        deadline: i32,
    },
    Listing {
        on: i32,
    },
    Suspension {
        on: i32,
        deadline: i32,
        publish: Option<i32>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    Live,
    SuspendedNow,
    RevokePenalty,
    Revoke,
    Withdraw,
    Cancel,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Renewal {
    /// Not near its end: nothing to do.
    None,
    NotFiled,
    Filed,
    Renewed,
    Refused,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Verification {
    Open,
    Done(VerifyResult),
}

/// Fixed choices for the first bodies of every run, so even a small demo shows every state and
/// every kind of queue item.
#[derive(Debug, Clone, Copy, Default)]
struct Force {
    kind: Option<BodyKind>,
    /// Days before today of the decision.
    age: Option<i32>,
    route: Option<Route>,
    verification: Option<Verification>,
    renewal: Option<Renewal>,
    fate: Option<Fate>,
    /// Days after the fate's date that today is (a recent penalty awaits publication).
    fate_days_ago: Option<i32>,
    /// A rectification deadline relative to today, left open.
    open_rectification: Option<i32>,
    /// A suspension deadline relative to today, still suspended.
    suspension_deadline: Option<i32>,
    /// A recent penalty not yet published.
    unpublished: bool,
    no_cancel: bool,
}

fn showcase(i: usize) -> Force {
    let f = Force::default();
    let six = 6 * 365 + 1;
    match i {
        0 => Force {
            kind: Some(BodyKind::Cb),
            age: Some(3 * 365),
            route: Some(Route::General),
            fate: Some(Fate::SuspendedNow),
            suspension_deadline: Some(-20),
            ..f
        },
        1 => Force {
            age: Some(4 * 365),
            route: Some(Route::General),
            fate: Some(Fate::RevokePenalty),
            fate_days_ago: Some(6),
            unpublished: true,
            ..f
        },
        2 => Force {
            kind: Some(BodyKind::Cma),
            age: Some(200),
            route: Some(Route::Commitment),
            verification: Some(Verification::Done(VerifyResult::False)),
            no_cancel: true,
            ..f
        },
        3 => Force {
            age: Some(5 * 365),
            route: Some(Route::General),
            fate: Some(Fate::Withdraw),
            no_cancel: true,
            ..f
        },
        4 => Force {
            kind: Some(BodyKind::Cb),
            age: Some(six - 25),
            route: Some(Route::General),
            renewal: Some(Renewal::Filed),
            fate: Some(Fate::Live),
            ..f
        },
        5 => Force {
            age: Some(six + 120),
            route: Some(Route::General),
            renewal: Some(Renewal::NotFiled),
            fate: Some(Fate::Live),
            no_cancel: true,
            ..f
        },
        6 => Force {
            age: Some(7 * 365),
            route: Some(Route::Optimized),
            fate: Some(Fate::Cancel),
            ..f
        },
        7 => Force {
            kind: Some(BodyKind::Cma),
            age: Some(75),
            route: Some(Route::Commitment),
            verification: Some(Verification::Open),
            ..f
        },
        8 => Force {
            kind: Some(BodyKind::Cma),
            age: Some(160),
            route: Some(Route::Commitment),
            verification: Some(Verification::Open),
            ..f
        },
        9 => Force {
            age: Some(2 * 365),
            route: Some(Route::General),
            fate: Some(Fate::Live),
            open_rectification: Some(-6),
            ..f
        },
        10 => Force {
            age: Some(3 * 365),
            route: Some(Route::Optimized),
            fate: Some(Fate::Live),
            open_rectification: Some(12),
            ..f
        },
        11 => Force {
            kind: Some(BodyKind::Cma),
            age: Some(2 * 365),
            route: Some(Route::General),
            fate: Some(Fate::SuspendedNow),
            suspension_deadline: Some(9),
            ..f
        },
        12 => Force {
            kind: Some(BodyKind::Cma),
            age: Some(six - 50),
            route: Some(Route::General),
            renewal: Some(Renewal::NotFiled),
            fate: Some(Fate::Live),
            ..f
        },
        13 => Force {
            kind: Some(BodyKind::Cb),
            age: Some(six - 45),
            route: Some(Route::General),
            renewal: Some(Renewal::NotFiled),
            fate: Some(Fate::Live),
            ..f
        },
        14 => Force {
            age: Some(4 * 365),
            route: Some(Route::General),
            fate: Some(Fate::RevokePenalty),
            fate_days_ago: Some(40),
            unpublished: true,
            ..f
        },
        15 => Force {
            age: Some(6 * 365 + 300),
            route: Some(Route::General),
            renewal: Some(Renewal::Renewed),
            fate: Some(Fate::Live),
            ..f
        },
        _ => f,
    }
}

/// A qualification whose renewal a demo application may file (active now, end date near).
#[derive(Debug, Clone)]
struct RenewalCandidate {
    approval_no: String,
    uscc: String,
    name: String,
    kind: BodyKind,
    region: String,
    risk_class: RiskClass,
    scope: Vec<String>,
    last_act: i32,
}

/// The body's state the rules look at across its qualifications.
struct BodyState {
    kind: BodyKind,
    region: &'static Region,
    risk: RiskClass,
    officer: &'static str,
    lists: Vec<CreditList>,
    name: String,
}

/// One qualification being planned.
struct QualState {
    decided: i32,
    scope: Vec<(String, bool)>,
    /// Scope items revoked: they come back only through a new application, never by
    /// change-scope (the rule the store enforces).
    revoked: Vec<String>,
    acts: Vec<PlannedAct>,
    valid_until: i32,
}

impl QualState {
    fn active_items(&self) -> Vec<String> {
        self.scope
            .iter()
            .filter(|(_, a)| *a)
            .map(|(s, _)| s.clone())
            .collect()
    }
}

/// Deterministic generator of bodies and histories relative to `today`.
pub struct Generator {
    rng: ChaCha8Rng,
    today: i32,
    bodies: usize,
    index: usize,
    target: Option<usize>,
    /// Events planned so far (natural and padding).
    planned: usize,
    /// Padding events planned so far.
    padded: usize,
    cb_serials: HashMap<(bool, i16), u32>,
    renewal_candidates: Vec<RenewalCandidate>,
}

impl Generator {
    /// `bodies` is how many bodies the run will ask for; `target_events` how many events the run
    /// should write in all (None: natural histories, about 5–8 per body).
    pub fn new(seed: u64, today: Date, bodies: usize, target_events: Option<usize>) -> Self {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            today: day_number(today),
            bodies,
            index: 0,
            target: target_events,
            planned: 0,
            padded: 0,
            cb_serials: HashMap::new(),
            renewal_candidates: Vec::new(),
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    /// Uniform in `lo..=hi` (`lo` if the range is empty).
    fn between(&mut self, lo: i32, hi: i32) -> i32 {
        if hi <= lo {
            lo
        } else {
            self.rng.random_range(lo..=hi)
        }
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        *items.choose(&mut self.rng).expect("non-empty list")
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.rng.random_range(0..total.max(1));
        for &(item, w) in items {
            if x < w {
                return item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }

    // ----- identities -----

    fn region(&mut self) -> &'static Region {
        let total: u32 = REGIONS.iter().map(|r| r.weight).sum();
        let mut x = self.rng.random_range(0..total);
        for r in REGIONS {
            if x < r.weight {
                return r;
            }
            x -= r.weight;
        }
        &REGIONS[0]
    }

    fn uscc(&mut self, category: &str, region: &Region, taken: &mut Taken) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
        loop {
            let mut base = String::with_capacity(18);
            base.push_str(category);
            base.push_str(region.code);
            if category == "91" && self.chance(0.6) {
                // Codes issued since 2015 carry MA + the issuing office's code.
                base.push_str("MA");
                for _ in 0..7 {
                    base.push(ALPHABET[self.rng.random_range(0..ALPHABET.len())] as char);
                }
            } else {
                for _ in 0..9 {
                    base.push(char::from(b'0' + self.rng.random_range(0..10u8)));
                }
            }
            let Some(check) = uscc_check_char(&base) else {
                continue;
            };
            base.push(check);
            if !taken.usccs.contains(&base) {
                taken.usccs.insert(base.clone());
                return base;
            }
        }
    }

    fn body_name(
        &mut self,
        kind: BodyKind,
        category: &str,
        region: &Region,
        taken: &mut Taken,
    ) -> String {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let name = if category == "12" && attempt < 3 {
                let function = match kind {
                    BodyKind::Cb => self.pick(PUBLIC_CB),
                    BodyKind::Cma => self.pick(PUBLIC_CMA),
                };
                format!("{}{function}", region.place_full)
            } else {
                let place = if self.chance(0.3) {
                    region.place_full
                } else {
                    region.place
                };
                let mut trade = self.pick(TRADE_NAMES).to_string();
                if attempt > 4 {
                    trade.push_str(self.pick(TRADE_NAMES));
                }
                let industry = match kind {
                    BodyKind::Cb => self.pick(CB_INDUSTRIES),
                    BodyKind::Cma => self.pick(CMA_INDUSTRIES),
                };
                let suffix = match category {
                    "12" => "中心",
                    "52" => self.pick(&["中心", "研究院"]),
                    "Y1" => "服务中心",
                    _ if self.chance(0.06) => "股份有限公司",
                    _ => "有限公司",
                };
                format!("{place}{trade}{industry}{suffix}")
            };
            if !taken.names.contains(&name) {
                taken.names.insert(name.clone());
                return name;
            }
        }
    }

    fn person(&mut self) -> String {
        format!("{}{}", self.pick(SURNAMES), self.pick(GIVEN))
    }

    fn address(&mut self, region: &Region) -> String {
        let district = self.pick(region.districts);
        let road = self.pick(ROADS);
        let number = self.between(1, 999);
        if self.chance(0.4) {
            let building = self.between(1, 12);
            let floor = self.between(1, 28);
            format!(
                "{}{district}{road}{number}号{building}栋{floor}层",
                region.addr
            )
        } else {
            format!("{}{district}{road}{number}号", region.addr)
        }
    }

    fn approval_no(
        &mut self,
        kind: BodyKind,
        region: &Region,
        year: i16,
        taken: &mut Taken,
    ) -> String {
        loop {
            let no = match kind {
                BodyKind::Cb => {
                    let foreign = self.chance(0.1);
                    let serial = self.cb_serials.entry((foreign, year)).or_insert(0);
                    *serial += 1;
                    let serial = *serial;
                    if foreign {
                        format!("CNCA-RF-{year}-{serial:02}")
                    } else {
                        format!("CNCA-R-{year}-{serial:03}")
                    }
                }
                BodyKind::Cma => {
                    // Year, province, issuing level, serial: 12 digits.
                    let level = self.pick(&["00", "12", "05"]);
                    let serial = self.rng.random_range(0..1_000_000u32);
                    format!(
                        "{:02}{}{level}{serial:06}",
                        year.rem_euclid(100),
                        &region.code[..2]
                    )
                }
            };
            if !taken.approvals.contains(&no) {
                taken.approvals.insert(no.clone());
                return no;
            }
        }
    }

    fn scope(&mut self, kind: BodyKind) -> Vec<String> {
        let n = self.weighted(&[(1usize, 35), (2, 35), (3, 20), (4, 10)]);
        let list = match kind {
            BodyKind::Cb => CB_SCOPE,
            BodyKind::Cma => CMA_SCOPE,
        };
        let mut out: Vec<String> = Vec::with_capacity(n);
        if kind == BodyKind::Cb && self.chance(0.12) {
            out.push(CCC.to_string());
        }
        while out.len() < n {
            // QMS, EMS and OHSMS are the common fields: favour the head of the list.
            let i = if kind == BodyKind::Cb && self.chance(0.6) {
                self.rng.random_range(0..3)
            } else {
                self.rng.random_range(0..list.len())
            };
            if !out.iter().any(|s| s == list[i]) {
                out.push(list[i].to_string());
            }
        }
        out
    }

    // ----- bodies -----

    /// The next body of the run, with its history planned up to today.
    pub fn next_body(&mut self, taken: &mut Taken) -> BodyPlan {
        let i = self.index;
        self.index += 1;
        let force = showcase(i);
        let kind = force.kind.unwrap_or_else(|| {
            if self.chance(0.15) {
                BodyKind::Cb
            } else {
                BodyKind::Cma
            }
        });
        let region = self.region();
        let category = self.weighted(&[("91", 85), ("12", 10), ("52", 4), ("Y1", 1)]);
        let uscc = self.uscc(category, region, taken);
        let name = self.body_name(kind, category, region, taken);
        let risk_class = self.weighted(&[
            (RiskClass::A, 20),
            (RiskClass::B, 50),
            (RiskClass::C, 20),
            (RiskClass::D, 10),
        ]);
        let address = self.address(region);
        let legal_rep = self.person();
        let officer = self.pick(&ACTORS);

        // Padding keeps the events planned so far on the line from 0 to the target.
        let pad = match self.target {
            Some(target) if self.bodies > 0 => {
                let want = (target as u128 * (i as u128 + 1) / self.bodies as u128) as usize;
                let natural_avg = if i == 0 {
                    6.5
                } else {
                    (self.planned - self.padded) as f64 / i as f64
                };
                want.saturating_sub(self.planned + natural_avg.round() as usize)
            }
            _ => 0,
        };

        let mut body = BodyState {
            kind,
            region,
            risk: risk_class,
            officer,
            lists: Vec::new(),
            name: name.clone(),
        };
        let age = force.age.unwrap_or_else(|| self.between(0, 8 * 365));
        let decided = self.today - age;
        let (first, successor_from, padded) =
            self.qualification(&mut body, &uscc, decided, force, pad, taken);
        self.padded += padded;
        let mut qualifications = vec![first];
        if let Some(from) = successor_from {
            let decided = self.between(from + 20, (from + 300).min(self.today - 1));
            let (mut next, _, _) =
                self.qualification(&mut body, &uscc, decided, Force::default(), 0, taken);
            next.follows_previous = true;
            qualifications.push(next);
        }
        let plan = BodyPlan {
            uscc,
            name,
            kind,
            region: region.code.to_string(),
            risk_class,
            address,
            legal_rep,
            qualifications,
        };
        self.planned += plan.events();
        plan
    }

    /// Plan one qualification decided on day `d`. Returns it, the day after which the body may
    /// hold a new approval (this one expired and was cancelled), and the padding events placed.
    fn qualification(
        &mut self,
        body: &mut BodyState,
        uscc: &str,
        d: i32,
        force: Force,
        pad: usize,
        taken: &mut Taken,
    ) -> (QualPlan, Option<i32>, usize) {
        let t = self.today;
        let (kind, region) = (body.kind, body.region);
        let year = date_of(d).year();
        let approval_no = self.approval_no(kind, region, year, taken);
        let scope = self.scope(kind);
        // Notification-commitment exists since 2019; CCC fields go the optimized route.
        let commitment_ok = d >= day_number(Date::constant(2019, 6, 1));
        let route = force.route.unwrap_or_else(|| {
            if scope.iter().any(|s| s == CCC) {
                return Route::Optimized;
            }
            let w = match (kind, commitment_ok) {
                (BodyKind::Cma, true) => [
                    (Route::Commitment, 55),
                    (Route::Optimized, 10),
                    (Route::General, 35),
                ],
                (BodyKind::Cb, true) => [
                    (Route::Commitment, 25),
                    (Route::Optimized, 25),
                    (Route::General, 50),
                ],
                (BodyKind::Cma, false) => [
                    (Route::Commitment, 0),
                    (Route::Optimized, 10),
                    (Route::General, 90),
                ],
                (BodyKind::Cb, false) => [
                    (Route::Commitment, 0),
                    (Route::Optimized, 30),
                    (Route::General, 70),
                ],
            };
            self.weighted(&w)
        });
        let (authority, doc_no, basis) = match kind {
            BodyKind::Cb => (
                "国家认证认可监督管理委员会".to_string(),
                format!("国认监认可〔{year}〕{}号", self.between(1, 300)),
                "认证认可条例第十条",
            ),
            BodyKind::Cma => {
                let national = self.chance(0.08);
                (
                    if national {
                        "国家认证认可监督管理委员会".to_string()
                    } else {
                        region.bureau.to_string()
                    },
                    format!(
                        "{}市监检〔{year}〕{}号",
                        if national { "国认监" } else { region.abbr },
                        self.between(1, 500)
                    ),
                    "检验检测机构资质认定管理办法第九条",
                )
            }
        };
        let u0 = plus_years(d, VALIDITY_YEARS);
        let mut q = QualState {
            decided: d,
            scope: scope.iter().map(|s| (s.clone(), true)).collect(),
            revoked: Vec::new(),
            acts: Vec::new(),
            valid_until: u0,
        };
        let mut segs: Vec<Seg> = Vec::new();
        let mut successor_from = None;
        let mut candidate = false;

        // --- verification of a commitment ---
        let mut start = d;
        let mut ended = false;
        let mut verification_open = false;
        if route == Route::Commitment {
            let verification = force.verification.unwrap_or_else(|| {
                let leave_open = if d + 91 > t {
                    self.chance(0.6)
                } else {
                    d > t - 540 && self.chance(0.05)
                };
                if leave_open || d >= t {
                    Verification::Open
                } else {
                    Verification::Done(self.weighted(&[
                        (VerifyResult::Conforming, 880),
                        (VerifyResult::Rectify, 80),
                        (VerifyResult::Unkept, 25),
                        (VerifyResult::False, 15),
                    ]))
                }
            });
            match verification {
                Verification::Open => verification_open = true,
                Verification::Done(result) => {
                    let v = if self.chance(0.08) {
                        self.between(d + 92, d + 150)
                    } else {
                        self.between(d + 15, d + 88)
                    };
                    let v = v.min(t);
                    segs.push(Seg::Win(Window {
                        a: d,
                        b: v,
                        neutral_only: true,
                        natural: false,
                    }));
                    match result {
                        VerifyResult::Conforming => {
                            segs.push(Seg::At(v, Step::Verify(result, None)));
                            start = v;
                        }
                        VerifyResult::Rectify => {
                            let deadline = v + self.between(30, 90);
                            segs.push(Seg::At(v, Step::Verify(result, Some(deadline))));
                            let (r, outcome) = if self.chance(0.85) {
                                (self.between(v + 10, deadline), RectificationResult::Met)
                            } else {
                                (deadline + self.between(1, 20), RectificationResult::Missed)
                            };
                            if r <= t {
                                segs.push(Seg::At(r, Step::RecordRect(outcome)));
                                start = r;
                            } else {
                                ended = true; // still rectifying today
                            }
                        }
                        VerifyResult::Unkept | VerifyResult::False => {
                            segs.push(Seg::At(v, Step::Verify(result, None)));
                            let c = v + self.between(20, 200);
                            if !force.no_cancel && c <= t && self.chance(0.5) {
                                segs.push(Seg::At(c, Step::Cancel(CancelWhy::AfterRevocation)));
                            }
                            ended = true;
                        }
                    }
                }
            }
        }

        if verification_open {
            // Awaiting verification until today: only acts that leave the state alone.
            segs.push(Seg::Win(Window {
                a: d,
                b: t.min(u0),
                neutral_only: true,
                natural: true,
            }));
        } else if !ended {
            self.plan_life(
                &mut segs,
                body,
                force,
                start,
                u0,
                &mut successor_from,
                &mut candidate,
            );
        }

        // --- episodes into the windows, then every step in order ---
        let padded = self.place_and_emit(&mut q, body, &segs, pad, taken);
        if candidate && self.renewal_candidates.len() < 64 {
            let last_act = q
                .acts
                .last()
                .and_then(|a| a.request.date)
                .map(day_number)
                .unwrap_or(d);
            self.renewal_candidates.push(RenewalCandidate {
                approval_no: approval_no.clone(),
                uscc: uscc.to_string(),
                name: body.name.clone(),
                kind,
                region: region.code.to_string(),
                risk_class: body.risk,
                scope: q.active_items(),
                last_act,
            });
        }
        let plan = QualPlan {
            approval_no,
            route,
            decided_on: date_of(d),
            valid_until: date_of(u0),
            authority,
            doc_no,
            basis,
            actor: body.officer,
            scope,
            follows_previous: false,
            acts: std::mem::take(&mut q.acts),
        };
        (plan, successor_from, padded)
    }

    /// The life after the grant (and its verification): renewal, the fate, what stays open today.
    #[allow(clippy::too_many_arguments)]
    fn plan_life(
        &mut self,
        segs: &mut Vec<Seg>,
        body: &BodyState,
        force: Force,
        start: i32,
        u0: i32,
        successor_from: &mut Option<i32>,
        candidate: &mut bool,
    ) {
        let t = self.today;
        // --- renewal ---
        let mut renewal = force.renewal.unwrap_or_else(|| {
            if u0 > t + 150 {
                Renewal::None
            } else if u0 < t {
                self.weighted(&[
                    (Renewal::Renewed, 62),
                    (Renewal::Refused, 5),
                    (Renewal::Filed, 1),
                    (Renewal::NotFiled, 32),
                ])
            } else {
                self.weighted(&[
                    (Renewal::Filed, 40),
                    (Renewal::Renewed, 15),
                    (Renewal::NotFiled, 45),
                ])
            }
        });
        // CB: file ≥ 30 days before the end; CMA: ≥ 3 months.
        let lead = match body.kind {
            BodyKind::Cb => self.between(31, 120),
            BodyKind::Cma => self.between(92, 170),
        };
        let filed = u0 - lead;
        let decided = (filed + self.between(15, 70)).min(u0 - 1);
        if renewal != Renewal::None && renewal != Renewal::NotFiled {
            if filed < start || filed > t {
                renewal = Renewal::NotFiled;
            } else if matches!(renewal, Renewal::Renewed | Renewal::Refused) && decided > t {
                renewal = Renewal::Filed;
            }
        }
        let new_until = plus_years(u0, VALIDITY_YEARS);
        let live_end = match renewal {
            Renewal::Renewed | Renewal::Filed => t,
            _ => t.min(u0),
        };
        let mut a = Window {
            a: start,
            b: live_end,
            neutral_only: false,
            natural: true,
        };
        let mut b: Option<Window> = None;
        match renewal {
            Renewal::Filed => a.b = filed,
            Renewal::Renewed | Renewal::Refused => {
                a.b = filed;
                b = Some(Window {
                    a: decided,
                    b: live_end,
                    neutral_only: false,
                    natural: true,
                });
            }
            _ => {}
        }
        let valid_at_end = if renewal == Renewal::Renewed {
            new_until
        } else {
            u0
        };

        // --- fate ---
        let penalty = match body.risk {
            RiskClass::A => 1,
            RiskClass::B => 3,
            RiskClass::C => 5,
            RiskClass::D => 9,
        };
        let mut fate = force.fate.unwrap_or_else(|| {
            self.weighted(&[
                (Fate::Live, 2520),
                (Fate::SuspendedNow, 5 * penalty),
                (Fate::RevokePenalty, 5 * penalty),
                (Fate::Revoke, 15 + 2 * penalty),
                (Fate::Withdraw, 20),
                (Fate::Cancel, 90),
            ])
        });
        let mut fate_steps: Vec<Seg> = Vec::new();
        let mut post: Vec<Seg> = Vec::new();
        let mut keep_renewal = true;
        if matches!(
            fate,
            Fate::RevokePenalty | Fate::Revoke | Fate::Withdraw | Fate::Cancel
        ) {
            // The fate happens inside one window: A (before any renewal) or B (after it).
            let in_b = match b {
                Some(w) if w.b >= w.a => {
                    let (la, lb) = ((a.b - a.a).max(0) as f64, (w.b - w.a) as f64);
                    force.fate_days_ago.is_some() || self.chance(lb / (la + lb + 1.0))
                }
                _ => false,
            };
            let span = if in_b { b.expect("checked") } else { a };
            let recent = force.fate_days_ago.or_else(|| {
                (fate == Fate::RevokePenalty && self.chance(0.15)).then(|| self.between(0, 40))
            });
            let f = match recent {
                Some(k) if span.b == t => (t - k).max(span.a),
                _ => self.between(span.a, span.b),
            };
            let mut fate_start = f;
            match fate {
                Fate::RevokePenalty => {
                    let s0 = f - self.between(30, 120);
                    if s0 >= span.a && self.chance(0.3) {
                        let deadline = s0 + self.between(60, 180);
                        fate_steps.push(Seg::At(s0, Step::Suspend(deadline)));
                        let p = (s0 + self.between(3, 25)).min(f);
                        fate_steps.push(Seg::At(p, Step::Publish));
                        fate_start = s0;
                    }
                    if self.chance(0.4) {
                        fate_steps.push(Seg::At(f, Step::ListCredit(CreditList::Serious)));
                    }
                    fate_steps.push(Seg::At(f, Step::RevokePenalty));
                    // Publication is due 20 working days after the decision; recent ones may wait.
                    let p = f + self.between(3, 30);
                    let unpublished = force.unpublished || (f >= t - 60 && self.chance(0.5));
                    if p <= t && !unpublished {
                        post.push(Seg::At(p, Step::Publish));
                        let c = p + self.between(10, 200);
                        if !force.no_cancel && c <= t && self.chance(0.4) {
                            post.push(Seg::At(c, Step::Cancel(CancelWhy::AfterRevocation)));
                        }
                    }
                }
                Fate::Revoke | Fate::Withdraw => {
                    if fate == Fate::Revoke && self.chance(0.3) {
                        fate_steps.push(Seg::At(f, Step::SetBar(plus_years(f, 3))));
                    }
                    fate_steps.push(Seg::At(
                        f,
                        if fate == Fate::Revoke {
                            Step::Revoke
                        } else {
                            Step::Withdraw
                        },
                    ));
                    let c = f + self.between(10, 200);
                    if !force.no_cancel && c <= t && self.chance(0.5) {
                        post.push(Seg::At(c, Step::Cancel(CancelWhy::AfterRevocation)));
                    }
                }
                _ => fate_steps.push(Seg::At(f, Step::Cancel(CancelWhy::OwnRequest))),
            }
            if in_b {
                b = Some(Window {
                    b: fate_start,
                    ..span
                });
            } else {
                // The life ends before any renewal.
                a.b = fate_start;
                keep_renewal = false;
                b = None;
            }
        } else {
            // Live today, or expired without renewal.
            let last_open = match b {
                Some(w) => w.b == t && renewal != Renewal::Filed,
                None => a.b == t && renewal != Renewal::Filed,
            };
            let last = if let Some(w) = b.as_mut() { w } else { &mut a };
            let mut tail = None;
            if fate == Fate::SuspendedNow {
                if last_open && valid_at_end > t {
                    let deadline = t + force
                        .suspension_deadline
                        .unwrap_or_else(|| self.between(-60, 30));
                    let on = deadline - self.between(60, 150);
                    let p = on + self.between(3, 28);
                    if on >= last.a {
                        tail = Some(Tail::Suspension {
                            on,
                            deadline,
                            publish: (p <= t).then_some(p),
                        });
                    }
                }
                if tail.is_none() {
                    fate = Fate::Live;
                }
            }
            if fate == Fate::Live && last_open {
                if force.open_rectification.is_some() || self.chance(0.04) {
                    let deadline = t + force
                        .open_rectification
                        .unwrap_or_else(|| self.between(-40, 30));
                    let order = deadline - self.between(30, 60);
                    if order >= last.a && order <= t {
                        tail = Some(Tail::Rectification { order, deadline });
                    }
                } else if self.chance(0.03) {
                    let on = t - self.between(5, 300);
                    if on >= last.a {
                        tail = Some(Tail::Listing { on });
                    }
                }
            }
            if let Some(tl) = tail {
                last.b = match tl {
                    Tail::Rectification { order, .. } => order,
                    Tail::Listing { on } | Tail::Suspension { on, .. } => on,
                };
                post.push(Seg::Tail(tl));
            } else if fate == Fate::Live
                && matches!(renewal, Renewal::None | Renewal::NotFiled)
                && (t + 40..=t + 200).contains(&valid_at_end)
                && last_open
            {
                *candidate = true;
            }
            // Expired without renewal: often cancelled; sometimes the body applies anew.
            if matches!(renewal, Renewal::NotFiled | Renewal::Refused)
                && u0 < t
                && !force.no_cancel
                && self.chance(0.45)
            {
                let c = u0 + self.between(10, 400);
                if c <= t {
                    post.push(Seg::At(c, Step::Cancel(CancelWhy::Expired)));
                    if c + 20 < t && self.chance(0.25) {
                        *successor_from = Some(c);
                    }
                }
            }
        }

        segs.push(Seg::Win(a));
        if keep_renewal && !matches!(renewal, Renewal::None | Renewal::NotFiled) {
            segs.push(Seg::At(filed, Step::FileRenewal));
            match renewal {
                Renewal::Renewed => segs.push(Seg::At(decided, Step::Renew(new_until))),
                Renewal::Refused => segs.push(Seg::At(decided, Step::RefuseRenewal)),
                _ => {}
            }
        }
        if let Some(w) = b {
            segs.push(Seg::Win(w));
        }
        segs.extend(fate_steps);
        segs.extend(post);
    }

    // ----- episodes and acts -----

    fn natural_episode(&mut self, risk: RiskClass, neutral_only: bool) -> Episode {
        if neutral_only {
            return self.weighted(&[
                (Episode::Particulars, 30),
                (Episode::Rectification, 22),
                (Episode::Credit(CreditList::Abnormal), 9),
            ]);
        }
        let (serious, suspend) = match risk {
            RiskClass::A => (1, 2),
            RiskClass::B => (2, 5),
            RiskClass::C => (3, 7),
            RiskClass::D => (5, 12),
        };
        self.weighted(&[
            (Episode::Particulars, 30),
            (Episode::Rectification, 22),
            (Episode::Credit(CreditList::Abnormal), 9),
            (Episode::Credit(CreditList::Serious), serious),
            (Episode::Scope, 12),
            (Episode::SuspendAndLift, suspend),
            (Episode::PartialRevoke, 2),
        ])
    }

    /// Put natural and padding episodes into the windows, then emit every step in order.
    /// Returns the padding events placed.
    fn place_and_emit(
        &mut self,
        q: &mut QualState,
        body: &mut BodyState,
        segs: &[Seg],
        pad: usize,
        taken: &mut Taken,
    ) -> usize {
        let mut episodes: Vec<Vec<Episode>> = vec![Vec::new(); segs.len()];
        let mut windows: Vec<(usize, u32)> = Vec::new();
        for (i, seg) in segs.iter().enumerate() {
            if let Seg::Win(w) = seg {
                let len = (w.b - w.a).max(0);
                windows.push((i, len as u32 + 1));
                if w.natural {
                    let n = (f64::from(len) / 365.0 * EPISODES_PER_YEAR + self.rng.random::<f64>())
                        as usize;
                    for _ in 0..n {
                        let e = self.natural_episode(body.risk, w.neutral_only);
                        episodes[i].push(e);
                    }
                }
            }
        }
        let mut padded = 0;
        if !windows.is_empty() {
            while padded < pad {
                let e = if pad - padded == 1 {
                    Episode::Particulars
                } else {
                    self.weighted(&[
                        (Episode::Particulars, 2),
                        (Episode::Rectification, 2),
                        (Episode::Credit(CreditList::Abnormal), 1),
                    ])
                };
                padded += if e == Episode::Particulars { 1 } else { 2 };
                let i = self.weighted(&windows);
                episodes[i].push(e);
            }
        }
        for (i, seg) in segs.iter().enumerate() {
            match *seg {
                Seg::At(day, step) => self.emit(q, body, day, step, taken),
                Seg::Win(w) => {
                    let mut eps = std::mem::take(&mut episodes[i]);
                    eps.shuffle(&mut self.rng);
                    let k = eps.len() as i32;
                    let n = (w.b - w.a).max(0);
                    for (j, e) in eps.into_iter().enumerate() {
                        let j = j as i32;
                        let (sa, sb) = (w.a + n * j / k, w.a + n * (j + 1) / k);
                        let s = sa + self.between(0, (sb - sa) / 4);
                        self.episode(q, body, e, s, sb, taken);
                    }
                }
                Seg::Tail(Tail::Rectification { order, deadline }) => {
                    self.emit(q, body, order, Step::OrderRect(deadline), taken)
                }
                Seg::Tail(Tail::Listing { on }) => {
                    self.emit(q, body, on, Step::ListCredit(CreditList::Abnormal), taken)
                }
                Seg::Tail(Tail::Suspension {
                    on,
                    deadline,
                    publish,
                }) => {
                    self.emit(q, body, on, Step::Suspend(deadline), taken);
                    if let Some(p) = publish {
                        self.emit(q, body, p, Step::Publish, taken);
                    }
                }
            }
        }
        padded
    }

    /// One episode between days `s` and `e` (all its acts fall in that range).
    fn episode(
        &mut self,
        q: &mut QualState,
        body: &mut BodyState,
        e: Episode,
        s: i32,
        end: i32,
        taken: &mut Taken,
    ) {
        match e {
            Episode::Particulars => self.emit(q, body, s, Step::ChangeParticulars, taken),
            Episode::Scope => self.emit(q, body, s, Step::ChangeScope, taken),
            Episode::PartialRevoke => self.emit(q, body, s, Step::PartialRevoke, taken),
            Episode::Rectification => {
                let deadline = s + self.between(30, 90);
                self.emit(q, body, s, Step::OrderRect(deadline), taken);
                if deadline < end && self.chance(0.2) {
                    let r = self.between(deadline + 1, end.min(deadline + 20));
                    self.emit(
                        q,
                        body,
                        r,
                        Step::RecordRect(RectificationResult::Missed),
                        taken,
                    );
                } else {
                    let r = self.between((s + 7).min(end), end.min(deadline));
                    self.emit(
                        q,
                        body,
                        r,
                        Step::RecordRect(RectificationResult::Met),
                        taken,
                    );
                }
            }
            Episode::Credit(list) => {
                if body.lists.contains(&list) {
                    self.emit(q, body, s, Step::ChangeParticulars, taken);
                } else {
                    self.emit(q, body, s, Step::ListCredit(list), taken);
                    let off = self.between((s + 30).min(end), end);
                    self.emit(q, body, off, Step::Delist(list), taken);
                }
            }
            Episode::SuspendAndLift => {
                let deadline = s + self.between(60, 180);
                self.emit(q, body, s, Step::Suspend(deadline), taken);
                let p = end.min(s + self.between(3, 28));
                self.emit(q, body, p, Step::Publish, taken);
                let lift = (deadline - self.between(0, 20)).clamp(p, end);
                self.emit(q, body, lift, Step::Lift, taken);
            }
        }
    }

    fn doc_no(&mut self, body: &BodyState, year: i16, word: &str) -> String {
        let n = self.between(1, 2000);
        format!("{}市监{word}〔{year}〕{n}号", body.region.abbr)
    }

    /// Turn a step into the request an officer would submit, and keep the plan's view of the
    /// scope and credit listings up to date.
    fn emit(
        &mut self,
        q: &mut QualState,
        body: &mut BodyState,
        day: i32,
        step: Step,
        taken: &mut Taken,
    ) {
        let date = date_of(day);
        let year = date.year();
        let cb = body.kind == BodyKind::Cb;
        let mut r = ActRequest {
            date: Some(date),
            ..Default::default()
        };
        let (act, basis, reason): (ActKind, &str, String) = match step {
            Step::Verify(result, deadline) => {
                r.verify_result = Some(result);
                r.deadline = deadline.map(date_of);
                r.doc_no = self.doc_no(body, year, "核");
                let reason = match result {
                    VerifyResult::Conforming => "现场核查，承诺内容属实，符合许可条件",
                    VerifyResult::Rectify => "现场核查发现部分条件与承诺不符，责令限期整改",
                    VerifyResult::Unkept => "现场核查发现未履行承诺，不符合许可条件",
                    VerifyResult::False => "现场核查发现承诺内容不实",
                };
                let basis = match (cb, result) {
                    (_, VerifyResult::False) => "行政许可法第六十九条第二款",
                    (true, _) => "市场监管总局公告2022年第28号",
                    (false, _) => "检验检测机构资质认定管理办法第十三条",
                };
                (ActKind::Verify, basis, reason.into())
            }
            Step::OrderRect(deadline) => {
                r.deadline = Some(date_of(deadline));
                r.doc_no = self.doc_no(body, year, "责改");
                let basis = if cb {
                    "认证认可条例第五十六条"
                } else {
                    "检验检测机构监督管理办法第二十五条"
                };
                (
                    ActKind::OrderRectification,
                    basis,
                    self.pick(RECTIFY_REASONS).into(),
                )
            }
            Step::RecordRect(result) => {
                r.rectification_result = Some(result);
                let reason = match result {
                    RectificationResult::Met => "整改材料经审查符合要求",
                    RectificationResult::Missed => "逾期未完成整改，另案处理",
                };
                let basis = if cb {
                    "认证认可条例第五十六条"
                } else {
                    "检验检测机构监督管理办法第二十五条"
                };
                (ActKind::RecordRectification, basis, reason.into())
            }
            Step::Suspend(deadline) => {
                r.deadline = Some(date_of(deadline));
                self.procedure(&mut r, q, day);
                r.doc_no = self.doc_no(body, year, "罚");
                let basis = if cb {
                    "认证认可条例第五十八条"
                } else {
                    "检验检测机构资质认定管理办法第四十二条"
                };
                (ActKind::Suspend, basis, self.pick(SUSPEND_REASONS).into())
            }
            Step::Publish => {
                r.doc_no = self.doc_no(body, year, "罚");
                (
                    ActKind::Publish,
                    "市场监督管理行政处罚信息公示规定第六条",
                    "通过国家企业信用信息公示系统公示行政处罚信息".into(),
                )
            }
            Step::Lift => {
                r.doc_no = self.doc_no(body, year, "认");
                let basis = if cb {
                    "认证认可条例第五十八条"
                } else {
                    "检验检测机构资质认定管理办法第四十二条"
                };
                (
                    ActKind::Lift,
                    basis,
                    "整改完成，经审查准予解除停业整顿".into(),
                )
            }
            Step::RevokePenalty => {
                self.procedure(&mut r, q, day);
                r.doc_no = self.doc_no(body, year, "罚");
                let basis = if cb {
                    "认证认可条例第六十二条"
                } else {
                    "检验检测机构监督管理办法第二十六条"
                };
                (
                    ActKind::RevokePenalty,
                    basis,
                    self.pick(PENALTY_REASONS).into(),
                )
            }
            Step::Revoke => {
                r.doc_no = self.doc_no(body, year, "认");
                (
                    ActKind::Revoke,
                    "行政许可法第六十九条",
                    self.pick(REVOKE_REASONS).into(),
                )
            }
            Step::PartialRevoke => {
                let active = q.active_items();
                if active.len() < 2 {
                    return self.emit(q, body, day, Step::ChangeParticulars, taken);
                }
                let item = self
                    .pick(&active.iter().map(String::as_str).collect::<Vec<_>>())
                    .to_string();
                for (s, a) in q.scope.iter_mut() {
                    if *s == item {
                        *a = false;
                    }
                }
                q.revoked.push(item.clone());
                r.doc_no = self.doc_no(body, year, "认");
                r.scope_remove = vec![item.clone()];
                (
                    ActKind::Revoke,
                    "行政许可法第六十九条",
                    format!("{item}领域不再符合批准条件，撤销该领域"),
                )
            }
            Step::Withdraw => {
                r.doc_no = self.doc_no(body, year, "认");
                (
                    ActKind::Withdraw,
                    "行政许可法第八条",
                    "批准所依据的客观情况发生重大变化".into(),
                )
            }
            Step::Cancel(why) => {
                r.doc_no = self.doc_no(body, year, "注");
                let (basis, reason) = match why {
                    CancelWhy::OwnRequest => (
                        "行政许可法第七十条第（六）项",
                        "机构申请注销，停止从事相关活动",
                    ),
                    CancelWhy::Expired => ("行政许可法第七十条第（一）项", "有效期届满未延续"),
                    CancelWhy::AfterRevocation => {
                        ("行政许可法第七十条第（三）项", "资质依法被撤销、撤回或吊销")
                    }
                };
                (ActKind::Cancel, basis, reason.into())
            }
            Step::FileRenewal => (
                ActKind::FileRenewal,
                "行政许可法第五十条",
                "机构在有效期届满前提出延续申请".into(),
            ),
            Step::Renew(until) => {
                r.valid_until = Some(date_of(until));
                q.valid_until = until;
                r.doc_no = if cb {
                    format!("国认监认可〔{year}〕{}号", self.between(1, 300))
                } else {
                    self.doc_no(body, year, "检")
                };
                (
                    ActKind::Renew,
                    "行政许可法第五十条",
                    "经审查符合条件，准予延续".into(),
                )
            }
            Step::RefuseRenewal => {
                r.doc_no = self.doc_no(body, year, "检");
                (
                    ActKind::RefuseRenewal,
                    "行政许可法第五十条",
                    "经审查不再符合条件，不予延续".into(),
                )
            }
            Step::ChangeScope => {
                let active = q.active_items();
                let list = if cb { CB_SCOPE } else { CMA_SCOPE };
                let addable: Vec<&str> = list
                    .iter()
                    .copied()
                    .filter(|s| !active.iter().any(|a| a == s) && !q.revoked.iter().any(|r| r == s))
                    .collect();
                let remove = active.len() >= 2 && (addable.is_empty() || self.chance(0.35));
                r.doc_no = self.doc_no(body, year, if cb { "认" } else { "检" });
                let basis = if cb {
                    "认证机构管理办法第十五条"
                } else {
                    "检验检测机构资质认定管理办法第十四条"
                };
                if remove {
                    let item = self
                        .pick(&active.iter().map(String::as_str).collect::<Vec<_>>())
                        .to_string();
                    for (s, a) in q.scope.iter_mut() {
                        if *s == item {
                            *a = false;
                        }
                    }
                    r.scope_remove = vec![item];
                    (ActKind::ChangeScope, basis, "机构申请缩小认证领域".into())
                } else if let Some(&item) = addable.choose(&mut self.rng) {
                    match q.scope.iter_mut().find(|(s, _)| s == item) {
                        Some((_, a)) => *a = true,
                        None => q.scope.push((item.to_string(), true)),
                    }
                    r.scope_add = vec![item.to_string()];
                    (
                        ActKind::ChangeScope,
                        basis,
                        "经评审，准予扩大认证领域".into(),
                    )
                } else {
                    return self.emit(q, body, day, Step::ChangeParticulars, taken);
                }
            }
            Step::ChangeParticulars => {
                let basis = if cb {
                    "认证机构管理办法第十五条"
                } else {
                    "检验检测机构资质认定管理办法第十四条"
                };
                let which = self.weighted(&[(0, 50), (1, 42), (2, 8)]);
                let reason = match which {
                    0 => {
                        r.legal_rep = Some(self.person());
                        "法定代表人变更"
                    }
                    1 => {
                        r.address = Some(self.address(body.region));
                        "住所变更"
                    }
                    _ => {
                        let name = self.body_name(body.kind, "91", body.region, taken);
                        body.name = name.clone();
                        r.name = Some(name);
                        "机构名称变更"
                    }
                };
                (ActKind::ChangeParticulars, basis, reason.into())
            }
            Step::ListCredit(list) => {
                if body.lists.contains(&list) {
                    return self.emit(q, body, day, Step::ChangeParticulars, taken);
                }
                body.lists.push(list);
                r.credit_list = Some(list);
                r.doc_no = self.doc_no(body, year, "信");
                match list {
                    CreditList::Abnormal => (
                        ActKind::ListCredit,
                        "企业经营异常名录管理暂行办法第四条",
                        "通过登记的住所无法联系".into(),
                    ),
                    CreditList::Serious => (
                        ActKind::ListCredit,
                        "市场监督管理严重违法失信名单管理办法第十条",
                        "受到较重行政处罚".into(),
                    ),
                }
            }
            Step::Delist(list) => {
                if !body.lists.contains(&list) {
                    return;
                }
                body.lists.retain(|l| *l != list);
                r.credit_list = Some(list);
                r.doc_no = self.doc_no(body, year, "信");
                let basis = match list {
                    CreditList::Abnormal => "企业经营异常名录管理暂行办法第十一条",
                    CreditList::Serious => "市场监督管理严重违法失信名单管理办法第十六条",
                };
                (ActKind::Delist, basis, "已履行相关义务，申请移出".into())
            }
            Step::SetBar(until) => {
                r.deadline = Some(date_of(until));
                r.doc_no = self.doc_no(body, year, "认");
                (
                    ActKind::SetBar,
                    "行政许可法第七十九条",
                    "以欺骗手段取得批准，三年内不得再次申请".into(),
                )
            }
        };
        r.act = Some(act);
        r.basis = basis.to_string();
        r.reason = reason;
        let actor = if self.chance(0.7) {
            body.officer
        } else {
            self.pick(&ACTORS)
        };
        q.acts.push(PlannedAct { actor, request: r });
    }

    /// The procedure facts of a penalty: notice served, hearing, two officers — always ones
    /// the law accepts: a written waiver; no request, with the decision 16+ days after the
    /// notice (5 working days, whatever the holidays); or a hearing held 21+ days after it
    /// (7 working days' notice).
    fn procedure(&mut self, r: &mut ActRequest, q: &QualState, day: i32) {
        let notice = (day - self.between(7, 30)).max(q.decided);
        r.notice_served_on = Some(date_of(notice));
        let answer = self.weighted(&[
            (Hearing::Waived, 70),
            (Hearing::Requested, 20),
            (Hearing::NotRequested, 10),
        ]);
        r.hearing = Some(match answer {
            Hearing::Requested if day - notice >= 21 => {
                r.hearing_held_on = Some(date_of(notice + 21));
                Hearing::Requested
            }
            Hearing::NotRequested if day - notice >= 16 => Hearing::NotRequested,
            _ => Hearing::Waived,
        });
        let first = self.rng.random_range(0..ACTORS.len());
        let second = (first + self.rng.random_range(1..ACTORS.len())) % ACTORS.len();
        r.officers = vec![ACTORS[first].to_string(), ACTORS[second].to_string()];
    }

    // ----- applications -----

    /// A few open applications for the queue (materials to request, decisions due, clocks
    /// paused), and renewal applications for approvals near their end. Call after the bodies.
    pub fn applications(&mut self, taken: &mut Taken) -> Vec<PlannedApplication> {
        let t = self.today;
        let mut out = Vec::new();
        let n_new = (self.bodies / 250).clamp(6, 40);
        for j in 0..n_new {
            let kind = if self.chance(0.2) {
                BodyKind::Cb
            } else {
                BodyKind::Cma
            };
            let region = self.region();
            let uscc = self.uscc("91", region, taken);
            let name = self.body_name(kind, "91", region, taken);
            let risk_class = self.weighted(&[
                (RiskClass::A, 20),
                (RiskClass::B, 50),
                (RiskClass::C, 20),
                (RiskClass::D, 10),
            ]);
            let scope = self.scope(kind);
            let (route, received, steps) = match j % 6 {
                0 | 5 => {
                    let route = self.weighted(&[
                        (Route::Commitment, 40),
                        (Route::Optimized, 20),
                        (Route::General, 40),
                    ]);
                    (route, t - self.between(0, 9), vec![])
                }
                1 => {
                    let r = t - self.between(3, 20);
                    (
                        Route::General,
                        r,
                        vec![(
                            ApplicationAct::RequestMaterials,
                            (r + self.between(1, 5)).min(t),
                        )],
                    )
                }
                2 => {
                    let r = t - self.between(5, 35);
                    (
                        Route::Optimized,
                        r,
                        vec![(ApplicationAct::Accept, (r + self.between(0, 3)).min(t))],
                    )
                }
                3 => {
                    let r = t - self.between(10, 55);
                    (
                        Route::General,
                        r,
                        vec![(ApplicationAct::Accept, (r + self.between(0, 5)).min(t))],
                    )
                }
                _ => {
                    let r = t - self.between(20, 80);
                    let acc = r + 3;
                    let pause = (acc + self.between(5, 20)).min(t);
                    (
                        Route::General,
                        r,
                        vec![
                            (ApplicationAct::Accept, acc),
                            (ApplicationAct::Pause, pause),
                        ],
                    )
                }
            };
            out.push(PlannedApplication {
                purpose: ApplicationPurpose::New,
                uscc,
                name,
                kind,
                route,
                approval_no: None,
                scope,
                region: region.code.to_string(),
                risk_class,
                received_on: date_of(received),
                reason: "申请资质认定".into(),
                actor: self.pick(&ACTORS),
                steps: steps.into_iter().map(|(a, d)| (a, date_of(d))).collect(),
            });
        }
        let n_renewal = (self.bodies / 1000)
            .clamp(1, 10)
            .min(self.renewal_candidates.len());
        let candidates: Vec<RenewalCandidate> =
            self.renewal_candidates.drain(..n_renewal).collect();
        for c in candidates {
            let received = c.last_act.max(t - self.between(0, 10));
            let mut steps = Vec::new();
            if self.chance(0.5) {
                steps.push((
                    ApplicationAct::Accept,
                    date_of((received + self.between(0, 3)).min(t)),
                ));
            }
            out.push(PlannedApplication {
                purpose: ApplicationPurpose::Renewal,
                uscc: c.uscc,
                name: c.name,
                kind: c.kind,
                route: Route::General,
                approval_no: Some(c.approval_no),
                scope: c.scope,
                region: c.region,
                risk_class: c.risk_class,
                received_on: date_of(received),
                reason: "申请延续资质".into(),
                actor: self.pick(&ACTORS),
                steps,
            });
        }
        out
    }
}

/// Natural episodes (rectification orders, changes, listings, suspensions) per year in force.
const EPISODES_PER_YEAR: f64 = 0.8;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{ApprovalNo, Uscc};
    use jiff::civil::date;

    #[test]
    fn day_numbers_round_trip() {
        for d in [
            date(1970, 1, 1),
            date(2000, 2, 29),
            date(2024, 12, 31),
            date(2026, 3, 1),
            date(1969, 12, 31),
        ] {
            assert_eq!(date_of(day_number(d)), d);
            assert_eq!(
                i64::from(day_number(d)),
                (d - date(1970, 1, 1)).get_days() as i64
            );
        }
        assert_eq!(
            date_of(plus_years(day_number(date(2020, 2, 29)), 6)),
            date(2026, 2, 28)
        );
    }

    #[test]
    fn codes_are_valid_and_plans_are_ordered_and_repeatable() {
        let today = date(2026, 11, 16);
        let run = || {
            let mut g = Generator::new(7, today, 500, None);
            let mut taken = Taken::default();
            (0..500)
                .map(|_| g.next_body(&mut taken))
                .collect::<Vec<_>>()
        };
        let (a, b) = (run(), run());
        assert_eq!(a, b);
        let mut approvals = HashSet::new();
        for body in &a {
            assert!(Uscc::parse(&body.uscc).is_ok(), "{}", body.uscc);
            assert!(
                body.name
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            );
            for q in &body.qualifications {
                let no = ApprovalNo::parse(&q.approval_no).expect("valid approval number");
                assert_eq!(no.kind(), body.kind);
                assert!(approvals.insert(q.approval_no.clone()));
                let mut last = q.decided_on;
                for act in &q.acts {
                    let d = act.request.date.unwrap();
                    assert!(
                        d >= last && d <= today,
                        "{} {:?} on {d} after {last}",
                        q.approval_no,
                        act.request.act
                    );
                    last = d;
                }
            }
        }
    }

    #[test]
    fn padding_reaches_the_target() {
        let mut g = Generator::new(1, date(2026, 11, 16), 400, Some(8000));
        let mut taken = Taken::default();
        let events: usize = (0..400).map(|_| g.next_body(&mut taken).events()).sum();
        assert!((7800..=8200).contains(&events), "{events}");
    }
}
