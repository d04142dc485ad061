//! The queue as the screen holds it: every item in the queue's order, the ones the facets
//! admit, and what the header counts. An act changes a body or two: their items are taken out
//! and put in by binary search, the counts adjusted by what moved — never a pass over the whole
//! queue. (The load bench: 200 sessions following 4 acts a second each re-filtered and cloned
//! their 15,000 items per act, and that was most of the server's CPU.) Many bodies at once (an
//! import) are merged in one pass and everything derived counted again.

use crate::domain::due::{DueKind, QueueFilter};
use crate::store::changes::Bodies;
use crate::store::read::QueueItem;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// One item, shared by the lists that hold it.
pub type Item = Arc<QueueItem>;

/// More bodies than this in one merge are merged in one pass over the whole list.
const FEW: usize = 256;

#[derive(Debug, Clone, Default)]
pub struct QueueList {
    /// Every item as read, in the queue's order (`QueueItem::urgency`, ties as read).
    all: Vec<Item>,
    /// Those of `all` that `filter` admits, in the same order.
    shown: Vec<Item>,
    /// `all` by body: what a merge of a body takes out.
    by_body: HashMap<String, Vec<Item>>,
    filter: QueueFilter,
    /// Items of each kind (`DueKind::ALL` order) in the filter's region, whatever kind is chosen.
    kind_counts: [usize; DueKind::ALL.len()],
    /// Shown items that are overdue.
    overdue: usize,
    /// Shown items whose clock is estimated, by the year of their due date.
    estimated_years: BTreeMap<String, usize>,
}

impl QueueList {
    pub fn all(&self) -> &[Item] {
        &self.all
    }

    pub fn shown(&self) -> &[Item] {
        &self.shown
    }

    pub fn filter(&self) -> &QueueFilter {
        &self.filter
    }

    /// The whole queue anew.
    pub fn set(&mut self, items: Vec<QueueItem>) {
        self.all = items.into_iter().map(Arc::new).collect();
        self.recount();
    }

    /// Narrow to what `filter` admits.
    pub fn set_filter(&mut self, filter: QueueFilter) {
        if filter != self.filter {
            self.filter = filter;
            self.recount();
        }
    }

    /// The items of `bodies` read again (in the queue's order) take the place of the ones held
    /// for them: each where the queue's order puts it, after the items it ties with.
    pub fn merge(&mut self, bodies: &Bodies, fresh: Vec<QueueItem>) {
        if bodies.len() > FEW || fresh.len() > FEW {
            self.merge_in_one_pass(bodies, fresh);
            return;
        }
        for body in bodies {
            for old in self.by_body.remove(body).unwrap_or_default() {
                if let Some(at) = find(&self.all, &old) {
                    self.all.remove(at);
                }
                if self.filter.admits_region(&old.region) {
                    self.count(&old, false);
                }
            }
        }
        for item in fresh {
            let item = Arc::new(item);
            let at = after_ties(&self.all, &item);
            self.all.insert(at, item.clone());
            self.by_body
                .entry(item.uscc.clone())
                .or_default()
                .push(item.clone());
            if self.filter.admits_region(&item.region) {
                self.count(&item, true);
            }
        }
    }

    /// Where `item` (or the one it stands for: same kind, body, approval, application) is shown.
    pub fn position_shown(&self, item: &QueueItem) -> Option<usize> {
        let key = item.urgency();
        let start = self.shown.partition_point(|x| x.urgency() < key);
        self.shown[start..]
            .iter()
            .take_while(|x| x.urgency() == key)
            .position(|x| same(x, item))
            .map(|p| start + p)
            .or_else(|| self.shown.iter().position(|x| same(x, item)))
    }

    /// How many items of each kind the filter's region holds (whatever kind is chosen), in
    /// the order of `DueKind::ALL`, kinds with none left out.
    pub fn kind_counts(&self) -> Vec<(DueKind, usize)> {
        DueKind::ALL
            .into_iter()
            .zip(self.kind_counts)
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Shown items that are overdue.
    pub fn overdue(&self) -> usize {
        self.overdue
    }

    /// The years without a holiday schedule that shown clocks run into.
    pub fn estimated_years(&self) -> impl Iterator<Item = &str> {
        self.estimated_years.keys().map(String::as_str)
    }

    fn merge_in_one_pass(&mut self, bodies: &Bodies, fresh: Vec<QueueItem>) {
        let kept = std::mem::take(&mut self.all)
            .into_iter()
            .filter(|i| !bodies.contains(&i.uscc));
        let mut fresh = fresh.into_iter().map(Arc::new).peekable();
        let mut merged = Vec::with_capacity(kept.size_hint().1.unwrap_or(0) + fresh.len());
        for item in kept {
            while let Some(f) = fresh.next_if(|f| f.urgency() < item.urgency()) {
                merged.push(f);
            }
            merged.push(item);
        }
        merged.extend(fresh);
        self.all = merged;
        self.recount();
    }

    /// Everything derived from `all` and `filter`, counted again.
    fn recount(&mut self) {
        self.shown.clear();
        self.by_body.clear();
        self.kind_counts = Default::default();
        self.overdue = 0;
        self.estimated_years.clear();
        let all = std::mem::take(&mut self.all);
        for item in &all {
            self.by_body
                .entry(item.uscc.clone())
                .or_default()
                .push(item.clone());
            if self.filter.admits_region(&item.region) {
                self.count(item, true);
            }
        }
        self.all = all;
    }

    /// `item`, in the filter's region, comes into the list (`added`) or goes out of it: the
    /// counts and, if the filter admits its kind, the shown list follow.
    fn count(&mut self, item: &Item, added: bool) {
        if let Some(k) = DueKind::of(&item.kind) {
            let n = &mut self.kind_counts[DueKind::ALL.iter().position(|x| *x == k).unwrap_or(0)];
            *n = if added { *n + 1 } else { n.saturating_sub(1) };
        }
        if !self.filter.admits_kind(&item.kind) {
            return;
        }
        if added {
            let at = after_ties(&self.shown, item);
            self.shown.insert(at, item.clone());
        } else if let Some(at) = find(&self.shown, item) {
            self.shown.remove(at);
        }
        let step = |n: usize| if added { n + 1 } else { n.saturating_sub(1) };
        if item.overdue {
            self.overdue = step(self.overdue);
        }
        if item.estimated
            && let Some(year) = item.due_on.get(..4)
        {
            let n = self.estimated_years.entry(year.to_string()).or_default();
            *n = step(*n);
            if *n == 0 {
                self.estimated_years.remove(year);
            }
        }
    }
}

/// The same thing due: kind, body, approval, application.
pub fn same(a: &QueueItem, b: &QueueItem) -> bool {
    a.kind == b.kind
        && a.uscc == b.uscc
        && a.approval_no == b.approval_no
        && a.application_id == b.application_id
}

/// Where `item` itself is in `list` (sorted by urgency).
fn find(list: &[Item], item: &Item) -> Option<usize> {
    let key = item.urgency();
    let start = list.partition_point(|x| x.urgency() < key);
    list[start..]
        .iter()
        .take_while(|x| x.urgency() == key)
        .position(|x| Arc::ptr_eq(x, item))
        .map(|p| start + p)
}

/// Where `item` goes in `list` (sorted by urgency): after every item not after it.
fn after_ties(list: &[Item], item: &Item) -> usize {
    let key = item.urgency();
    list.partition_point(|x| x.urgency() <= key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::due::KindChoice;
    use crate::domain::region::Region;
    use crate::store::read::DayUnit;

    fn item(uscc: &str, kind: &str, due_on: &str, overdue: bool, region: &str) -> QueueItem {
        QueueItem {
            approval_no: Some(format!("A-{uscc}")),
            uscc: uscc.into(),
            name: format!("机构{uscc}"),
            kind: kind.into(),
            due_on: due_on.into(),
            days_left: 0,
            unit: DayUnit::Days,
            overdue,
            estimated: due_on.starts_with("2031"),
            application_id: None,
            task_id: None,
            region: region.into(),
        }
    }

    fn sorted(mut items: Vec<QueueItem>) -> Vec<QueueItem> {
        items.sort_by(|a, b| a.urgency().cmp(&b.urgency()));
        items
    }

    /// A list built item by item equals the one counted from scratch.
    fn assert_as_counted_anew(list: &QueueList) {
        let mut anew = QueueList::default();
        anew.set_filter(list.filter().clone());
        anew.set(list.all().iter().map(|i| (**i).clone()).collect());
        let items = |l: &[Item]| l.iter().map(|i| (**i).clone()).collect::<Vec<_>>();
        assert_eq!(items(list.shown()), items(anew.shown()));
        assert_eq!(list.kind_counts(), anew.kind_counts());
        assert_eq!(list.overdue(), anew.overdue());
        assert_eq!(
            list.estimated_years().collect::<Vec<_>>(),
            anew.estimated_years().collect::<Vec<_>>()
        );
        assert_eq!(list.by_body.len(), anew.by_body.len());
    }

    /// A deterministic mix of bodies, kinds, dates and regions.
    fn queue(n: usize, seed: usize) -> Vec<QueueItem> {
        let kinds = ["verification", "rectification", "expired", "publication"];
        let regions = ["440305", "440106", "110101", "320102"];
        sorted(
            (0..n)
                .map(|i| {
                    let k = (i * 7 + seed) % 13;
                    item(
                        &format!("B{:03}", (i * 5 + seed) % 40),
                        kinds[k % 4],
                        &format!("20{}-0{}-1{}", 26 + k % 6, 1 + k % 9, k % 10),
                        k.is_multiple_of(3),
                        regions[(i + seed) % 4],
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn merging_a_few_bodies_item_by_item_gives_what_a_fresh_count_gives() {
        let filters = [
            QueueFilter::default(),
            QueueFilter {
                kinds: vec![KindChoice::Kind(DueKind::Verification)],
                region: Some(Region::parse("44").unwrap()),
            },
            QueueFilter {
                kinds: vec![],
                region: Some(Region::parse("4403").unwrap()),
            },
        ];
        for filter in filters {
            let mut list = QueueList::default();
            list.set_filter(filter.clone());
            list.set(queue(120, 0));
            for round in 1..30 {
                // The bodies changed this round, and what the store now says of them.
                let bodies: Bodies = [
                    format!("B{:03}", round % 40),
                    format!("B{:03}", round * 3 % 40),
                ]
                .into_iter()
                .collect();
                let fresh: Vec<QueueItem> = queue(12, round)
                    .into_iter()
                    .filter(|i| bodies.contains(&i.uscc))
                    .collect();
                let mut expected: Vec<QueueItem> = list
                    .all()
                    .iter()
                    .map(|i| (**i).clone())
                    .filter(|i| !bodies.contains(&i.uscc))
                    .collect();
                expected.extend(fresh.clone());
                list.merge(&bodies, fresh);
                let all: Vec<QueueItem> = list.all().iter().map(|i| (**i).clone()).collect();
                assert_eq!(all, sorted(expected), "round {round}");
                assert_as_counted_anew(&list);
            }
        }
    }

    #[test]
    fn many_bodies_merge_in_one_pass_alike() {
        let mut list = QueueList::default();
        list.set(queue(600, 0));
        let bodies: Bodies = (0..40).map(|b| format!("B{b:03}")).collect();
        let mut big = QueueList::default();
        big.set(queue(600, 0));
        let fresh = queue(600, 3);
        // Over FEW: the one-pass merge; the same items bit by bit: the item-by-item one.
        big.merge(&bodies, fresh.clone());
        for body in &bodies {
            let one: Bodies = [body.clone()].into_iter().collect();
            let of_it = fresh.iter().filter(|i| &i.uscc == body).cloned().collect();
            list.merge(&one, of_it);
        }
        let items = |l: &QueueList| l.all().iter().map(|i| (**i).clone()).collect::<Vec<_>>();
        assert_eq!(items(&list), items(&big));
        assert_as_counted_anew(&list);
        assert_as_counted_anew(&big);
    }

    #[test]
    fn the_selected_item_is_found_again_by_what_it_is() {
        let mut list = QueueList::default();
        // One thing due per body here (the mix repeats bodies and kinds).
        let mut items = queue(50, 1);
        for (n, i) in items.iter_mut().enumerate() {
            i.uscc = format!("U{n:03}");
        }
        list.set(items);
        let third = (*list.shown()[3]).clone();
        assert_eq!(list.position_shown(&third), Some(3));
        let mut moved = third.clone();
        moved.due_on = "2099-01-01".into();
        assert_eq!(
            list.position_shown(&moved),
            Some(3),
            "same thing due, new date"
        );
    }
}
