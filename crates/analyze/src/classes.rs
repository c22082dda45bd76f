//! The 类 of the two classifications a budget report's tables print: the function
//! classification of spending (支出功能分类, `201` 一般公共服务支出 …) and the economic one of
//! the 部门 (部门预算支出经济分类, `301` 工资福利支出 …), each with the names earlier years
//! printed. The one registry of their names: OCR's labels are snapped to them (`snap`), and a
//! 类 row whose code OCR lost is given it back by its name (`checks::ocr`).

/// Each 类: its code and its names, the current first.
pub(crate) const CLASSES: &[(&str, &[&str])] = &[
    ("201", &["一般公共服务支出"]),
    ("202", &["外交支出"]),
    ("203", &["国防支出"]),
    ("204", &["公共安全支出"]),
    ("205", &["教育支出"]),
    ("206", &["科学技术支出"]),
    ("207", &["文化旅游体育与传媒支出", "文化体育与传媒支出"]),
    ("208", &["社会保障和就业支出"]),
    ("209", &["社会保险基金支出"]),
    ("210", &["卫生健康支出", "医疗卫生与计划生育支出"]),
    ("211", &["节能环保支出"]),
    ("212", &["城乡社区支出"]),
    ("213", &["农林水支出"]),
    ("214", &["交通运输支出"]),
    ("215", &["资源勘探工业信息等支出", "资源勘探信息等支出"]),
    ("216", &["商业服务业等支出"]),
    ("217", &["金融支出"]),
    ("219", &["援助其他地区支出"]),
    ("220", &["自然资源海洋气象等支出", "国土海洋气象等支出"]),
    ("221", &["住房保障支出"]),
    ("222", &["粮油物资储备支出"]),
    ("223", &["国有资本经营预算支出"]),
    ("224", &["灾害防治及应急管理支出"]),
    ("227", &["预备费"]),
    ("229", &["其他支出"]),
    ("230", &["转移性支出"]),
    ("231", &["债务还本支出"]),
    ("232", &["债务付息支出"]),
    ("233", &["债务发行费用支出"]),
    ("301", &["工资福利支出"]),
    ("302", &["商品和服务支出"]),
    ("303", &["对个人和家庭的补助"]),
    ("307", &["债务利息及费用支出"]),
    ("309", &["资本性支出（基本建设）", "资本性支出(基本建设)"]),
    ("310", &["资本性支出"]),
    ("311", &["对企业补助（基本建设）", "对企业补助(基本建设)"]),
    ("312", &["对企业补助"]),
    ("313", &["对社会保障基金补助"]),
    ("399", &["其他支出"]),
];

/// Every name of a 类.
pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    CLASSES.iter().flat_map(|(_, names)| names.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_class_has_a_code_of_three_digits_once() {
        let mut codes: Vec<&str> = CLASSES.iter().map(|(c, _)| *c).collect();
        assert!(codes
            .iter()
            .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit())));
        codes.dedup();
        assert_eq!(codes.len(), CLASSES.len());
        assert!(names().any(|n| n == "医疗卫生与计划生育支出"));
    }
}
