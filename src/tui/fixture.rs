//! A small register with Chinese names and a fixed "today", for the screens' tests and
//! snapshots (and nothing else): twelve bodies, imported as one batch, then a suspension, a
//! rectification order and a credit listing, all by the officer 张三.

use crate::domain::acts::{ActKind, ActRequest, CreditList, Hearing};
use crate::domain::ids::{ApprovalNo, BodyKind, Uscc, uscc_check_char};
use crate::domain::model::{RiskClass, Route};
use crate::import::GrantRow;
use crate::store::Store;
use crate::store::import::BatchMode;
use jiff::civil::{Date, date};
use std::path::Path;

/// The fixed "today" of the fixture.
pub const TODAY: Date = date(2026, 11, 27);

/// The officer every fixture event is recorded under.
pub const ACTOR: &str = "张三";

/// A valid USCC for body number `n` in `region`.
pub fn uscc(region: &str, n: u32) -> Uscc {
    let base = format!("91{region}{n:09}");
    let check = uscc_check_char(&base).expect("a valid base");
    Uscc::parse(&format!("{base}{check}")).expect("a valid USCC")
}

#[allow(clippy::type_complexity)]
const BODIES: &[(
    &str,
    &str,
    &str,
    &str,
    &str,
    &str,
    &str,
    &str,
    &str,
    &str,
    &str,
)] = &[
    // name, kind, approval, route, decided, until, scope, region, risk, address, legal rep
    (
        "北京国实认证有限公司",
        "cb",
        "CNCA-R-2002-001",
        "general",
        "2021-03-05",
        "2027-03-04",
        "QMS;EMS;OHSMS",
        "110105",
        "B",
        "北京市朝阳区建国路88号",
        "王建国",
    ),
    (
        "中安质量检验认证中心",
        "cb",
        "CNCA-R-2026-118",
        "commitment",
        "2026-07-20",
        "2032-07-19",
        "有机产品;良好农业规范",
        "110108",
        "C",
        "北京市海淀区学院路",
        "李明",
    ),
    (
        "上海埃克森测试技术有限公司",
        "cma",
        "310012345678",
        "commitment",
        "2026-10-10",
        "2032-10-09",
        "电磁兼容;环境试验",
        "310115",
        "B",
        "上海市浦东新区",
        "周洁",
    ),
    (
        "广州华测认证有限公司",
        "cb",
        "CNCA-R-2020-045",
        "optimized",
        "2020-12-20",
        "2026-12-19",
        "CCC 电线电缆;CCC 照明电器",
        "440106",
        "A",
        "广州市天河区",
        "黄志强",
    ),
    (
        "深圳市计量质量检测研究院",
        "cma",
        "440300000001",
        "general",
        "2020-06-01",
        "2026-05-31",
        "计量器具;食品接触材料",
        "440304",
        "A",
        "深圳市福田区",
        "刘洋",
    ),
    (
        "浙江方圆检测集团股份有限公司",
        "cb",
        "CNCA-R-2019-077",
        "general",
        "2023-01-01",
        "2029-12-31",
        "QMS;能源管理体系",
        "330106",
        "B",
        "杭州市西湖区",
        "陈方圆",
    ),
    (
        "江苏省产品质量监督检验研究院",
        "cma",
        "320000000123",
        "optimized",
        "2024-05-20",
        "2030-05-19",
        "建筑材料;纺织品",
        "320102",
        "A",
        "南京市玄武区",
        "孙立",
    ),
    (
        "新疆天山认证有限公司",
        "cb",
        "CNCA-RF-2015-07",
        "general",
        "2021-08-01",
        "2027-07-31",
        "QMS",
        "650102",
        "D",
        "乌鲁木齐市天山区",
        "艾力",
    ),
    (
        "内蒙古自治区呼和浩特市草原生态环境检验检测技术服务有限责任公司",
        "cma",
        "150100000009",
        "commitment",
        "2026-09-01",
        "2032-08-31",
        "生态环境监测;土壤检测",
        "150102",
        "C",
        "呼和浩特市新城区",
        "其木格",
    ),
    (
        "SGS-CSTC 通标标准技术服务有限公司",
        "cb",
        "CNCA-RF-2002-01",
        "optimized",
        "2022-02-01",
        "2028-01-31",
        "QMS;EMS;CCC 汽车产品",
        "110105",
        "A",
        "北京市朝阳区",
        "杜宏",
    ),
    (
        "四川省食品药品检验检测院",
        "cma",
        "510000000456",
        "general",
        "2022-11-01",
        "2028-10-31",
        "食品;药品",
        "510107",
        "B",
        "成都市武侯区",
        "蒋敏",
    ),
    (
        "中国质量认证中心",
        "cb",
        "CNCA-R-2002-002",
        "general",
        "2021-12-01",
        "2027-11-30",
        "QMS;CCC 家用电器",
        "110106",
        "A",
        "北京市丰台区",
        "陈伟",
    ),
];

/// The grants of the fixture, as a checked import batch.
pub fn grants() -> Vec<GrantRow> {
    let d = |s: &str| s.parse::<Date>().expect("a date");
    BODIES
        .iter()
        .enumerate()
        .map(|(i, b)| GrantRow {
            row: i + 2,
            uscc: uscc(b.7, i as u32 + 1),
            name: b.0.to_string(),
            kind: BodyKind::parse(b.1).expect("a kind"),
            approval_no: ApprovalNo::parse(b.2).expect("an approval number"),
            route: Route::parse(b.3).expect("a route"),
            decided_on: d(b.4),
            valid_until: d(b.5),
            scope: b.6.split(';').map(str::to_string).collect(),
            region: b.7.to_string(),
            authority: if b.1 == "cb" {
                "国家认监委".into()
            } else {
                "省市场监督管理局".into()
            },
            doc_no: format!("国认可〔{}〕{}号", &b.4[..4], i + 11),
            risk_class: RiskClass::parse(b.8).expect("a risk class"),
            address: Some(b.9.to_string()),
            legal_rep: Some(b.10.to_string()),
            stated: None,
        })
        .collect()
}

fn act(store: &mut Store, approval: &str, req: ActRequest) {
    let a = ApprovalNo::parse(approval).expect("an approval number");
    store
        .perform(&a, &req, None)
        .unwrap_or_else(|e| panic!("fixture act on {approval}: {e}"));
}

/// Build the fixture register in a new database at `path`.
pub fn build(path: &Path) -> Store {
    let mut store = Store::create_or_open(path, TODAY).expect("open the fixture database");
    store.set_actor(ACTOR);
    let rows = grants();
    let mode = BatchMode {
        dry_run: false,
        skip_invalid: false,
    };
    let outcome = store
        .import_grants("fixture.csv", "fixture", &rows, 0, mode)
        .expect("import the fixture");
    assert!(
        outcome.errors.is_empty(),
        "fixture import: {:?}",
        outcome.errors
    );
    let d = |s: &str| Some(s.parse::<Date>().expect("a date"));
    act(
        &mut store,
        "CNCA-R-2019-077",
        ActRequest {
            act: Some(ActKind::Suspend),
            date: d("2026-11-20"),
            deadline: d("2027-02-20"),
            basis: "认证认可条例第五十八条".into(),
            doc_no: "市监认罚〔2026〕12号".into(),
            reason: "专职认证人员不足10名".into(),
            notice_served_on: d("2026-11-10"),
            hearing: Some(Hearing::Waived),
            officers: vec!["李四".into(), "王五".into()],
            ..Default::default()
        },
    );
    act(
        &mut store,
        "320000000123",
        ActRequest {
            act: Some(ActKind::OrderRectification),
            date: d("2026-11-25"),
            deadline: d("2026-12-04"),
            basis: "检验检测机构资质认定管理办法第三十八条".into(),
            doc_no: "苏市监认〔2026〕7号".into(),
            reason: "检测报告签发不规范".into(),
            ..Default::default()
        },
    );
    act(
        &mut store,
        "CNCA-RF-2015-07",
        ActRequest {
            act: Some(ActKind::ListCredit),
            date: d("2026-10-08"),
            basis: "企业经营异常名录管理暂行办法第四条".into(),
            doc_no: "新市监信〔2026〕3号".into(),
            reason: "未按期公示年度报告".into(),
            credit_list: Some(CreditList::Abnormal),
            ..Default::default()
        },
    );
    store
}

/// The fixture in a temporary folder (unit tests).
#[cfg(test)]
pub fn temp() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = build(&dir.path().join("fixture.db"));
    (dir, store)
}

/// A second connection to the same database, as another officer (another process would be the same).
#[cfg(test)]
pub fn other_user(dir: &tempfile::TempDir) -> Store {
    let mut s =
        Store::create_or_open(&dir.path().join("fixture.db"), TODAY).expect("a second connection");
    s.set_actor("李四");
    s
}

/// The applications `add_applications` makes, by what they show.
#[derive(Debug, Clone, Copy)]
pub struct FixtureApplications {
    /// Received 2026-11-23: the window for asking for materials runs to 11-30.
    pub received: i64,
    /// Materials asked for on 11-05: waiting for the applicant.
    pub awaiting: i64,
    /// Accepted 10-21 (optimized, 20 working days): the decision was due 11-18, overdue.
    pub overdue: i64,
    /// Accepted 10-12, the clock paused for expert review on 11-02.
    pub paused: i64,
    /// The renewal of CNCA-R-2020-045, accepted: decided by its end date 2026-12-19.
    pub renewal: i64,
    /// Granted on the spot (commitment) on 11-16: approval 510000000789.
    pub granted: i64,
    /// Withdrawn by the applicant on 11-24.
    pub withdrawn: i64,
}

/// Applications (办件) in every state, for the applications screen's tests and snapshots:
/// received through the ordinary store calls by the fixture's officer.
pub fn add_applications(store: &mut Store) -> FixtureApplications {
    use crate::domain::applications::{ApplicationAct as A, ApplicationPurpose};
    use crate::store::applications::{Decision, NewApplication};
    let d = |s: &str| s.parse::<Date>().expect("a date");
    let receive = |store: &mut Store,
                   n: u32,
                   region: &str,
                   name: &str,
                   kind: BodyKind,
                   route: Route,
                   on: &str,
                   scope: &str| {
        store
            .receive_application(&NewApplication {
                purpose: ApplicationPurpose::New,
                uscc: uscc(region, n),
                name: name.into(),
                kind,
                route,
                approval_no: None,
                scope: scope.split(';').map(str::to_string).collect(),
                region: region.into(),
                risk_class: RiskClass::B,
                received_on: d(on),
                reason: "申请资质认定".into(),
            })
            .unwrap_or_else(|e| panic!("fixture application {name}: {e}"))
    };
    let step = |store: &mut Store, id: i64, act: A, on: &str, decision: Decision| {
        store
            .act_on_application(
                id,
                act,
                &Decision {
                    date: Some(d(on)),
                    ..decision
                },
                None,
            )
            .unwrap_or_else(|e| panic!("fixture application {id} {act}: {e}"));
    };
    let plain = Decision::default;
    let received = receive(
        store,
        101,
        "110105",
        "北京朝阳食品检测有限公司",
        BodyKind::Cma,
        Route::Optimized,
        "2026-11-23",
        "食品检测",
    );
    let awaiting = receive(
        store,
        102,
        "330106",
        "杭州西湖质量认证有限公司",
        BodyKind::Cb,
        Route::General,
        "2026-11-02",
        "QMS;EMS",
    );
    step(
        store,
        awaiting,
        A::RequestMaterials,
        "2026-11-05",
        Decision {
            reason: "缺少专职认证人员名单及社保证明".into(),
            ..plain()
        },
    );
    let overdue = receive(
        store,
        103,
        "320102",
        "南京玄武检测技术有限公司",
        BodyKind::Cma,
        Route::Optimized,
        "2026-10-20",
        "建筑材料",
    );
    step(
        store,
        overdue,
        A::Accept,
        "2026-10-21",
        Decision {
            doc_no: "苏市监受〔2026〕21号".into(),
            ..plain()
        },
    );
    let paused = receive(
        store,
        104,
        "440106",
        "广州天河认证中心有限公司",
        BodyKind::Cb,
        Route::General,
        "2026-10-10",
        "QMS",
    );
    step(store, paused, A::Accept, "2026-10-12", plain());
    step(
        store,
        paused,
        A::Pause,
        "2026-11-02",
        Decision {
            reason: "专家评审".into(),
            ..plain()
        },
    );
    let renewal = store
        .receive_application(&NewApplication {
            purpose: ApplicationPurpose::Renewal,
            uscc: uscc("440106", 4),
            name: "广州华测认证有限公司".into(),
            kind: BodyKind::Cb,
            route: Route::Optimized,
            approval_no: Some(ApprovalNo::parse("CNCA-R-2020-045").expect("a number")),
            scope: vec!["CCC 电线电缆".into(), "CCC 照明电器".into()],
            region: "440106".into(),
            risk_class: RiskClass::A,
            received_on: d("2026-11-06"),
            reason: "申请延续".into(),
        })
        .expect("fixture renewal application");
    step(store, renewal, A::Accept, "2026-11-09", plain());
    let granted = receive(
        store,
        105,
        "510107",
        "成都武侯环境检测有限公司",
        BodyKind::Cma,
        Route::Commitment,
        "2026-11-16",
        "环境监测",
    );
    step(store, granted, A::Accept, "2026-11-16", plain());
    step(
        store,
        granted,
        A::Grant,
        "2026-11-16",
        Decision {
            approval_no: Some(ApprovalNo::parse("510000000789").expect("a number")),
            authority: "四川省市场监督管理局".into(),
            doc_no: "川市监认〔2026〕9号".into(),
            basis: "检验检测机构资质认定管理办法第十条".into(),
            ..plain()
        },
    );
    let withdrawn = receive(
        store,
        106,
        "110108",
        "北京海淀计量检测有限公司",
        BodyKind::Cma,
        Route::General,
        "2026-11-10",
        "计量器具",
    );
    step(
        store,
        withdrawn,
        A::Withdraw,
        "2026-11-24",
        Decision {
            reason: "申请人书面撤回".into(),
            ..plain()
        },
    );
    FixtureApplications {
        received,
        awaiting,
        overdue,
        paused,
        renewal,
        granted,
        withdrawn,
    }
}

/// The inspectors `add_inspection_task` puts on the roster: login, name (none of them acted on
/// the fixture's bodies, so each can be drawn for any).
pub const INSPECTORS: [(&str, &str); 4] = [
    ("zhao.lei", "赵磊"),
    ("qian.hong", "钱红"),
    ("sun.li", "孙丽"),
    ("zhou.min", "周敏"),
];

/// An inspection task over the fixture's certification bodies (双随机、一公开): an item, the
/// four `INSPECTORS` (certification), a task with every class at 100 % and two officers per
/// body, not drawn. Returns its id.
pub fn add_inspection_task(store: &mut Store) -> i64 {
    use crate::domain::inspection::Ratios;
    use crate::store::inspections::TaskDraft;
    let item = store
        .add_inspection_item(
            "认证活动检查",
            "认证认可条例第五十五条",
            "认证过程及结果",
            "现场检查",
            BodyKind::Cb,
            true,
        )
        .expect("the item")
        .id;
    for (i, (login, name)) in INSPECTORS.iter().enumerate() {
        store
            .add_inspector(
                login,
                name,
                &format!("京执法{:04}", 101 + i),
                "认证监管处",
                "cb",
            )
            .expect("an inspector");
    }
    store
        .create_task(&TaskDraft {
            name: "2026年度认证机构双随机抽查".into(),
            year: 2026,
            items: vec![item],
            authority: "北京市市场监督管理局".into(),
            joint_with: String::new(),
            kind: BodyKind::Cb,
            region: String::new(),
            ratios: Ratios {
                a: 100,
                b: 100,
                c: 100,
                d: 100,
            },
            officers_per_body: 2,
            include: Vec::new(),
            exclude_months: 12,
        })
        .expect("the task")
}

/// `add_inspection_task`, drawn with the public value 20261127 and its officers assigned.
pub fn add_drawn_inspection(store: &mut Store) -> i64 {
    let task = add_inspection_task(store);
    store.draw(task, "20261127", None).expect("the draw");
    store.assign_officers(task).expect("the officers");
    task
}
