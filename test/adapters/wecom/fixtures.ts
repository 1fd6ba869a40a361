/**
 * Sample payloads copied exactly from docs/wecom.md §11 (official samples and SKIT fixtures).
 * Regenerate from the doc rather than editing by hand.
 */

export const checkinDataResponse = {
  "errcode": 0,
  "errmsg": "ok",
  "checkindata": [
    {
      "userid": "james",
      "groupname": "打卡一组",
      "checkin_type": "上班打卡",
      "exception_type": "地点异常",
      "checkin_time": 1492617610,
      "location_title": "依澜府",
      "location_detail": "四川省成都市武侯区益州大道中段784号附近",
      "wifiname": "办公一区",
      "notes": "路上堵车，迟到了5分钟",
      "wifimac": "3c:46:d8:0c:7a:70",
      "mediaids": [
        "WWCISP_G8PYgRaOVHjXWUWFqchpBqqqUpGj0OyR9z6WTwhnMZGCPHxyviVstiv_2fTG8YOJq8L8zJT2T2OvTebANV-2MQ"
      ],
      "sch_checkin_time": 1492617610,
      "groupid": 1,
      "schedule_id": 0,
      "timeline_id": 2
    },
    {
      "userid": "paul",
      "groupname": "打卡二组",
      "checkin_type": "外出打卡",
      "exception_type": "时间异常",
      "checkin_time": 1492617620,
      "location_title": "重庆出口加工区",
      "location_detail": "重庆市渝北区金渝大道101号金渝大道",
      "wifiname": "办公室二区",
      "notes": "",
      "wifimac": "3c:46:d8:0c:7a:71",
      "mediaids": [
        "WWCISP_G8PYgRaOVHjXWUWFqchpBqqqUpGj0OyR9z6WTwhnMZGCPHxyviVstiv_2fTG8YOJq8L8zJT2T2OvTebANV-2MQ"
      ],
      "lat": 30547645,
      "lng": 104063236,
      "deviceid": "E5FA89F6-3926-4972-BE4F-4A7ACF4701E2",
      "sch_checkin_time": 1492617610,
      "groupid": 2,
      "schedule_id": 3,
      "timeline_id": 1
    }
  ]
} as const;

export const approvalDetailResponse = {
  "errcode": 0,
  "errmsg": "ok",
  "info": {
    "sp_no": "201909270002",
    "sp_name": "全字段",
    "sp_status": 1,
    "template_id": "Bs5KJ2NT4ncf4ZygaE8MB3779yUW8nsMaJd3mmE9v",
    "apply_time": 1569584428,
    "applyer": {
      "userid": "WuJunJie",
      "partyid": "2"
    },
    "sp_record": [
      {
        "sp_status": 1,
        "approverattr": 1,
        "details": [
          {
            "approver": {
              "userid": "WuJunJie"
            },
            "speech": "",
            "sp_status": 1,
            "sptime": 0,
            "media_id": []
          },
          {
            "approver": {
              "userid": "WangXiaoMing"
            },
            "speech": "",
            "sp_status": 1,
            "sptime": 0,
            "media_id": []
          }
        ]
      }
    ],
    "notifyer": [
      {
        "userid": "LiuXiaoGang"
      }
    ],
    "apply_data": {
      "contents": [
        {
          "control": "Text",
          "id": "Text-15111111111",
          "title": [
            {
              "text": "文本控件",
              "lang": "zh_CN"
            }
          ],
          "value": {
            "text": "文本填写的内容",
            "tips": [],
            "members": [],
            "departments": [],
            "files": [],
            "children": [],
            "stat_field": []
          }
        }
      ]
    },
    "comments": [
      {
        "commentUserInfo": {
          "userid": "WuJunJie"
        },
        "commenttime": 1569584111,
        "commentcontent": "这是备注信息",
        "commentid": "6741314136717778040",
        "media_id": [
          "WWCISP_Xa1dXIyC9VC2vGTXyBjUXh4GQ31G-a7jilEjFjkYBfncSJv0kM1cZAIXULWbbtosVqA7hprZIUkl4GP0DYZKDrIay9vCzeQelmmHiczwfn80v51EtuNouzBhUBTWo9oQIIzsSftjaVmd4EC_dj5-rayfDl6yIIRdoUs1V_Gz6Pi3yH37ELOgLNAPYUSJpA6V190Xunl7b0s5K5XC9c7eX5vlJek38rB_a2K-kMFMiM1mHDqnltoPa_NT9QynXuHi"
        ]
      }
    ]
  }
} as const;

export const vacationValue = {
  "vacation": {
    "selector": {
      "type": "single",
      "options": [
        {
          "key": "3",
          "value": [
            {
              "text": "病假",
              "lang": "zh_CN"
            }
          ]
        }
      ],
      "exp_type": 0
    },
    "attendance": {
      "date_range": {
        "type": "hour",
        "new_begin": 1568077200,
        "new_end": 1568368800,
        "new_duration": 291600
      },
      "type": 1
    }
  }
} as const;

export const approvalDetailAllControls = {
  "errcode": 0,
  "errmsg": "ok",
  "info": {
    "sp_no": "201909270002",
    "sp_name": "全字段",
    "sp_status": 1,
    "template_id": "Bs5KJ2NT4ncf4ZygaE8MB3779yUW8nsMaJd3mmE9v",
    "apply_time": 1569584428,
    "applyer": {
      "userid": "WuJunJie",
      "partyid": "2"
    },
    "sp_record": [
      {
        "sp_status": 1,
        "approverattr": 1,
        "details": [
          {
            "approver": {
              "userid": "WuJunJie"
            },
            "speech": "",
            "sp_status": 1,
            "sptime": 1234567890,
            "media_id": []
          },
          {
            "approver": {
              "userid": "WangXiaoMing"
            },
            "speech": "",
            "sp_status": 1,
            "sptime": "",
            "media_id": []
          }
        ]
      }
    ],
    "notifyer": [
      {
        "userid": "LiuXiaoGang"
      }
    ],
    "apply_data": {
      "contents": [
        {
          "control": "Text",
          "id": "Text-15111111111",
          "title": [
            {
              "text": "文本控件",
              "lang": "zh_CN"
            }
          ],
          "value": {
            "text": "文本填写的内容",
            "new_number": "700",
            "new_money": "700",
            "date": {
              "type": "day",
              "s_timestamp": "1569859200",
              "timezone_info": {
                "zone_offset": "-9",
                "zone_desc": "UTC+9"
              }
            },
            "selector": {
              "type": "multi",
              "options": [
                {
                  "key": "option-15111111111",
                  "value": [
                    {
                      "text": "选项1",
                      "lang": "zh_CN"
                    }
                  ]
                },
                {
                  "key": "option-15222222222",
                  "value": [
                    {
                      "text": "选项2",
                      "lang": "zh_CN"
                    }
                  ]
                }
              ]
            },
            "members": [
              {
                "userid": "WuJunJie",
                "name": "Jackie"
              },
              {
                "userid": "WangXiaoMing",
                "name": "Tom"
              }
            ],
            "departments": [
              {
                "openapi_id": "2",
                "name": "销售部"
              },
              {
                "openapi_id": "3",
                "name": "生产部"
              }
            ],
            "files": [
              {
                "file_id": "WWCISP_v2z8qZENw2qwSiNroVKykbxxMXvmI1lELzG-fo25Y9n1duozezKEu6zSIvOHPCd9_8s934AJncRz5f9G4E_nCQonUHLdiAnCLjfZQQwVaiG7krKzyGB1MpYa9ZVkk0gQ7P8HvO_SOdwzLwpyUZ3Tm2ApyoO_78nTM-iEkf_TILqXuYxKd7ByYL34wMA9Czf6Iy151tHbcYNvbNZZHTnL4UMQdohJ_MPYA2Wz00IebZb3_UuIk5MdJSH_IKlZn9Ms5"
              },
              {
                "file_id": "WWCISP_gZ3BMg5hwI1Adi16NwzJgpi9zp6QQjMdYcuemVWBeHnmMK3QJOYiIIkHvRIh0ysZcAo6gJp069o5tx7qxVzin1Q9LKswff624E1qCCmt088ISBVPScoqEiG4YTI_Kltrqn7b0wvMTudd9lIE3ywgHatPRWKxsHNsSxEY_FuaFWlGHzxcYKNq_LIfVBXZGji-C5bXp23MwpTcCXYfWPfSEpEeXW5c5sQscY_MeW5uc0gITpeFKFXARXmKC62_u7Ln"
              }
            ],
            "children": [
              {
                "list": [
                  {
                    "control": "Text",
                    "id": "Text-15111111111",
                    "title": [
                      {
                        "text": "明细内文本控件",
                        "lang": "zh_CN"
                      }
                    ],
                    "value": {
                      "text": "明细文本"
                    }
                  }
                ]
              }
            ],
            "vacation": {
              "selector": {
                "type": "single",
                "options": [
                  {
                    "key": "3",
                    "value": [
                      {
                        "text": "病假",
                        "lang": "zh_CN"
                      }
                    ]
                  }
                ]
              },
              "attendance": {
                "date_range": {
                  "type": "hour",
                  "new_begin": 1568077200,
                  "new_end": 1568368800,
                  "new_duration": 291600
                },
                "type": 1
              }
            },
            "attendance": {
              "date_range": {
                "type": "halfday",
                "new_begin": 1599494400,
                "new_end": 1599667199,
                "new_duration": 172800
              },
              "type": 4,
              "slice_info": {
                "day_items": [
                  {
                    "daytime": 1599494400,
                    "duration": 86400
                  },
                  {
                    "daytime": 1599580800,
                    "duration": 86400
                  }
                ],
                "duration": 172800,
                "state": 1
              }
            },
            "punch_correction": {
              "state": "迟到",
              "time": 1570550400
            },
            "date_range": {
              "type": "halfday",
              "new_begin": 1570550400,
              "new_end": 1570593600,
              "new_duration": 86400,
              "timezone_info": {
                "zone_offset": "-9",
                "zone_desc": "UTC+9"
              }
            },
            "location": {
              "latitude": "30.547239",
              "longitude": "104.063291",
              "title": "腾讯科技(成都)有限公司(腾讯成都大厦)",
              "address": "四川省成都市武侯区天府三街198号腾讯成都大厦A座",
              "time": 1605690460
            },
            "related_approval": [
              {
                "template_names": [
                  {
                    "text": "模板A",
                    "lang": "zh_CN"
                  },
                  {
                    "text": "",
                    "lang": "en"
                  }
                ],
                "sp_status": 1,
                "name": "小明",
                "create_time": 1605690437,
                "sp_no": "202011180001"
              }
            ],
            "formula": {
              "value": "5.0"
            },
            "bank_account": {
              "account_type": 1,
              "account_name": "账户名",
              "account_number": "621200000000000111",
              "remark": "备注",
              "bank": {
                "bank_alias": "工商银行",
                "bank_alias_code": "1000009547",
                "province": "上海市",
                "province_code": 2,
                "city": "上海市",
                "city_code": 21,
                "bank_branch_name": "中国工商银行股份有限公司上海市新江湾城支行",
                "bank_branch_id": "102290000121"
              }
            }
          }
        }
      ]
    },
    "comments": [
      {
        "commentUserInfo": {
          "userid": "WuJunJie"
        },
        "commenttime": 1569584111,
        "commentcontent": "这是备注信息",
        "commentid": "6741314136717778040",
        "media_id": [
          "WWCISP_Xa1dXIyC9VC2vGTXyBjUXh4GQ31G-a7jilEjFjkYBfncSJv0kM1cZAIXULWbbtosVqA7hprZIUkl4GP0DYZKDrIay9vCzeQelmmHiczwfn80v51EtuNouzBhUBTWo9oQIIzsSftjaVmd4EC_dj5-rayfDl6yIIRdoUs1V_Gz6Pi3yH37ELOgLNAPYUSJpA6V190Xunl7b0s5K5XC9c7eX5vlJek38rB_a2K-kMFMiM1mHDqnltoPa_NT9QynXuHi"
        ]
      }
    ]
  }
} as const;

export const dayDataResponse = {
  "errcode": 0,
  "errmsg": "ok",
  "datas": [
    {
      "base_info": {
        "date": 1599062400,
        "record_type": 1,
        "name": "张三",
        "name_ex": "Three Zhang",
        "departs_name": "有家企业/realempty;有家企业;有家企业/部门A4",
        "acctid": "ZhangSan",
        "rule_info": {
          "groupid": 10,
          "groupname": "规则测试",
          "scheduleid": 0,
          "schedulename": "",
          "checkintime": [
            {
              "work_sec": 38760,
              "off_work_sec": 38880
            }
          ]
        },
        "day_type": 0
      },
      "summary_info": {
        "checkin_count": 2,
        "regular_work_sec": 31,
        "standard_work_sec": 120,
        "earliest_time": 38827,
        "lastest_time": 38858
      },
      "holiday_infos": [
        {
          "sp_description": {
            "data": [
              {
                "lang": "zh_CN",
                "text": "09/03 10:00~09/03 10:01"
              }
            ]
          },
          "sp_number": "202009030002",
          "sp_title": {
            "data": [
              {
                "lang": "zh_CN",
                "text": "请假0.1小时"
              }
            ]
          }
        },
        {
          "sp_description": {
            "data": [
              {
                "lang": "zh_CN",
                "text": "08/25 14:37~09/10 14:37"
              }
            ]
          },
          "sp_number": "202008270004",
          "sp_title": {
            "data": [
              {
                "lang": "zh_CN",
                "text": "加班17.0小时"
              }
            ]
          }
        }
      ],
      "exception_infos": [
        {
          "count": 1,
          "duration": 60,
          "exception": 1
        },
        {
          "count": 1,
          "duration": 60,
          "exception": 2
        }
      ],
      "ot_info": {
        "ot_status": 1,
        "ot_duration": 3600,
        "exception_duration": [],
        "workday_over_as_vacation": 0,
        "workday_over_as_money": 54000,
        "restday_over_as_vacation": 0,
        "restday_over_as_money": 172800,
        "holiday_over_as_vacation": 0,
        "holiday_over_as_money": 0
      },
      "sp_items": [
        {
          "count": 1,
          "duration": 360,
          "time_type": 0,
          "type": 1,
          "vacation_id": 2,
          "name": "年假"
        },
        {
          "count": 0,
          "duration": 0,
          "time_type": 0,
          "type": 100,
          "vacation_id": 0,
          "name": "外勤次数"
        }
      ]
    }
  ]
} as const;

export const monthDataResponse = {
  "errcode": 0,
  "errmsg": "ok",
  "datas": [
    {
      "base_info": {
        "record_type": 1,
        "name": "张三",
        "name_ex": "Three Zhang",
        "departs_name": "有家企业/realempty;有家企业;有家企业/部门A4",
        "rule_info": {
          "groupid": 10,
          "groupname": "规则测试"
        },
        "acctid": "ZhangSan"
      },
      "summary_info": {
        "except_days": 3,
        "regular_work_sec": 31,
        "standard_work_sec": 29040,
        "work_days": 3
      },
      "exception_infos": [
        {
          "count": 2,
          "duration": 28920,
          "exception": 4
        },
        {
          "count": 1,
          "duration": 60,
          "exception": 1
        },
        {
          "count": 1,
          "duration": 60,
          "exception": 2
        }
      ],
      "sp_items": [
        {
          "count": 0,
          "duration": 0,
          "time_type": 0,
          "type": 100,
          "vacation_id": 0,
          "name": "外勤次数"
        },
        {
          "count": 1,
          "duration": 0,
          "time_type": 0,
          "type": 1,
          "vacation_id": 2,
          "name": "年假"
        }
      ],
      "overwork_info": {
        "workday_over_sec": 54000,
        "restdays_over_sec": 205560,
        "workdays_over_as_vacation": 0,
        "workdays_over_as_money": 54000,
        "restdays_over_as_vacation": 0,
        "restdays_over_as_money": 172800,
        "holidays_over_as_vacation": 0,
        "holidays_over_as_money": 0
      }
    }
  ]
} as const;

export const scheduleListResponse = {
  "schedule_list": [
    {
      "userid": "james",
      "yearmonth": 202011,
      "groupid": 11,
      "groupname": "排班",
      "schedule": {
        "scheduleList": [
          {
            "day": 25,
            "schedule_info": {
              "schedule_id": 229,
              "schedule_name": "早班",
              "time_section": [
                {
                  "id": 1,
                  "work_sec": 32400,
                  "off_work_sec": 43200,
                  "remind_work_sec": 32400,
                  "remind_off_work_sec": 43200
                }
              ]
            }
          },
          {
            "day": 26,
            "schedule_info": {
              "schedule_id": 171,
              "schedule_name": "晚班",
              "time_section": [
                {
                  "id": 2,
                  "work_sec": 64800,
                  "off_work_sec": 79200,
                  "remind_work_sec": 64800,
                  "remind_off_work_sec": 79200
                }
              ]
            }
          },
          {
            "day": 30,
            "schedule_info": {
              "schedule_id": 0,
              "schedule_name": "休息",
              "time_section": []
            }
          }
        ]
      }
    }
  ],
  "errcode": 0,
  "errmsg": "ok"
} as const;
